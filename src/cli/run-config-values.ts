import { existsSync } from 'node:fs';
import { parseScenarioWeights, ScenarioWeightsError } from '../chargepoint/scenario/weights.js';
import { RECONNECT_MODES, type ReconnectSettings } from '../chargepoint/reconnect-policy.js';
import { parseThreshold, ThresholdSyntaxError } from '../metrics/thresholds.js';
import type { Threshold } from '../metrics/threshold-types.js';
import { VALIDATION_MODES, type ValidationMode } from '../protocol/validator.js';
import { BOOT_STATUSES, parseBootPolicy, type BootPolicy, type BootStatus } from '../gateway/policies.js';
import { stagesFromValue, type Stage } from '../runner/stages.js';
import { formatDuration, parseDuration } from '../clock/duration.js';
import type { FullJitterPolicy } from '../transport/backoff.js';
import { DEFAULT_SCENARIO } from './defaults.js';
import type { Problems } from './options.js';
import { notFoundHint, resolveScenarioFile } from './shipped-scenarios.js';

// One `run` setting's value each: parsed and checked, every problem added to `p` naming where the
// value came from (`label`: flag, variable or config-file key), never thrown.

/** `--validate`: a mode, or true/false (from `--no-validate`, a config file or the environment). */
export function validationMode(raw: unknown, label: string, p: Problems): ValidationMode {
  if (raw === true || raw === 'true') return 'all';
  if (raw === false || raw === 'false') return 'off';
  const text = String(raw ?? '').trim();
  if ((VALIDATION_MODES as readonly string[]).includes(text)) return text as ValidationMode;
  p.add(`${label} must be one of ${VALIDATION_MODES.join(', ')} (got '${text}')`);
  return 'all';
}

/** `--gateway-boot-status`: a status, or weights such as Accepted:90,Pending:10. */
export function bootPolicy(text: string, label: string, p: Problems): BootPolicy {
  const policy = parseBootPolicy(text);
  if (typeof policy === 'string' && !BOOT_STATUSES.includes(policy as BootStatus)) {
    p.add(`${label}: ${policy}`);
    return 'Accepted';
  }
  return policy as BootPolicy;
}

export function asList(raw: unknown): string[] {
  if (raw === undefined || raw === null || raw === '') return [];
  return (Array.isArray(raw) ? raw : [raw]).map(String);
}

/**
 * `--scenario a.yaml --scenario b.yaml:30%` → files resolved against `baseDir` (or shipped
 * scenarios by name), with weights; the shipped default when none. A file that is neither is a
 * problem naming the shipped scenarios.
 */
export function resolveScenarios(raw: unknown, label: string, p: Problems, baseDir: string): Array<{ file: string; weight: number }> {
  const list = asList(raw);
  if (list.length === 0) return [{ file: DEFAULT_SCENARIO, weight: 100 }];
  try {
    return parseScenarioWeights(list).map((w) => {
      const file = resolveScenarioFile(w.file, baseDir);
      if (!existsSync(file)) p.add(`${label}: ${w.file}: not found at ${file}, and no shipped scenario has that name`, notFoundHint());
      return { file, weight: w.weight };
    });
  } catch (error) {
    const problems = error instanceof ScenarioWeightsError ? error.problems : [(error as Error).message];
    for (const problem of problems) p.add(problem.startsWith('--scenario') ? problem : `${label}: ${problem}`);
    return [{ file: DEFAULT_SCENARIO, weight: 100 }];
  }
}

/** A RetryBackOff variable: a duration in whole seconds (OCPP's unit), in ms. */
function wholeSeconds(label: string, raw: string, p: Problems): number {
  const ms = p.durationMs(label, raw);
  if (ms % 1000 !== 0) p.add(`${label} must be whole seconds, as its OCPP variable (got '${raw}')`);
  return ms;
}

/** `--stages` / `stages:` (k6's short form, or its list form in a config file), or undefined when not set. */
export function stagesSetting(raw: unknown, label: string, p: Problems): Stage[] | undefined {
  if (raw === undefined || raw === null || raw === '') return undefined;
  try {
    return stagesFromValue(raw);
  } catch (error) {
    p.add(`${label}: ${(error as Error).message}`);
    return undefined;
  }
}

/** `--outage AT:DURATION` (repeatable), each within a run of `runMs`. */
export function outageSettings(texts: readonly string[], label: string, runMs: number, p: Problems): Array<{ atMs: number; durationMs: number }> {
  return texts.map((text) => {
    const match = /^([^:]+):([^:]+)$/.exec(text.trim());
    const atMs = match ? parseDuration(match[1] as string) : undefined;
    const durationMs = match ? parseDuration(match[2] as string) : undefined;
    if (atMs === undefined || durationMs === undefined || durationMs <= 0) {
      p.add(`${label} must be AT:DURATION such as 2m:60s (the embedded gateway is down from 2 min for 60 s) (got '${text}')`);
      return { atMs: 0, durationMs: 0 };
    }
    if (atMs >= runMs) p.add(`${label} '${text}' begins after the run ends (at ${formatDuration(runMs)})`);
    return { atMs, durationMs };
  });
}

/** `--threshold` (repeatable): each expression parsed, or a problem naming the syntax help. */
export function thresholdSettings(expressions: readonly string[], label: string, p: Problems): Threshold[] {
  const thresholds: Threshold[] = [];
  for (const expression of expressions) {
    try {
      thresholds.push(parseThreshold(expression));
    } catch (error) {
      p.add(`${label}: ${error instanceof ThresholdSyntaxError ? error.reason : (error as Error).message}`, "'ocpp-sim help thresholds' has the syntax");
    }
  }
  return thresholds;
}

type Given = readonly [label: string, raw: string];

/** `--reconnect` and the RetryBackOff variables, beside the full-jitter back-off already resolved. */
export function reconnectSettings(fullJitter: FullJitterPolicy, given: { mode: Given; waitMinimum: Given; randomRange: Given; repeatTimes: Given }, p: Problems): ReconnectSettings {
  return {
    mode: p.oneOf(given.mode[0], given.mode[1], RECONNECT_MODES),
    fullJitter,
    retryBackOff: {
      kind: 'retry-backoff',
      waitMinimumMs: wholeSeconds(given.waitMinimum[0], given.waitMinimum[1], p),
      randomRangeMs: wholeSeconds(given.randomRange[0], given.randomRange[1], p),
      repeatTimes: p.int(given.repeatTimes[0], given.repeatTimes[1], 0, 20),
    },
  };
}
