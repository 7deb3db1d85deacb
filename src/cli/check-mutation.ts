import { randomBytes } from 'node:crypto';
import { checksFor } from '../check/checks/index.js';
import type { CheckSettings } from '../check/context.js';
import { CHECK_DEFAULTS } from '../check/defaults.js';
import { runChecks } from '../check/run-checks.js';
import type { CheckOutcome } from '../check/types.js';
import { MISBEHAVIOUR_NAMES, MISBEHAVIOURS, brokenCheck, type Misbehaviour } from '../gateway/misbehaviours.js';
import type { GatewayOptions } from '../gateway/options.js';
import { startGateway } from '../gateway/server.js';

/** The versions the mutation runs cover. */
export const MUTATION_VERSIONS = ['ocpp1.6', 'ocpp2.0.1'] as const;
type Version = (typeof MUTATION_VERSIONS)[number];

const PASSWORD = 'mutation-test-password';
/** With charge point passwords the gateway's HTTP API (the trigger API too) takes only this token. */
const API_TOKEN = 'mutation-test-api-token-0123456789';
const PENDING_ID = 'HELD';
const REJECTED_ID = 'REFUSED';

/** One run of the checks of one version against the gateway with one switch on (or none). */
export interface MutationRun {
  misbehave: Misbehaviour | undefined;
  version: Version;
  /** The check the switch should break in this version (undefined for the clean run). */
  expected: string | undefined;
  /** Names of the checks that failed, in running order, with their reasons. */
  failed: Array<{ name: string; detail: string }>;
  ran: number;
}

/** A gateway set up so every check applies: known token, a Pending and a Rejected id, a password, the trigger API (behind its API token). */
function gatewayOptions(misbehave: Misbehaviour | undefined): GatewayOptions {
  return {
    idTags: [CHECK_DEFAULTS.idTag], bootStatusById: { [PENDING_ID]: 'Pending', [REJECTED_ID]: 'Rejected' },
    auth: { password: PASSWORD }, apiToken: API_TOKEN, shutdownTimeoutMs: 500, ...(misbehave ? { misbehave: [misbehave] } : {}),
  };
}

/** Runs every check of `version` against a fresh gateway with `misbehave` on; the gateway is closed after. */
export async function mutationRun(misbehave: Misbehaviour | undefined, version: Version): Promise<MutationRun> {
  const gateway = await startGateway(gatewayOptions(misbehave));
  try {
    const settings: CheckSettings = {
      url: gateway.url, version, idPrefix: 'mut-', idTag: CHECK_DEFAULTS.idTag, unknownIdTag: `UNKNOWN-${randomBytes(6).toString('hex')}`,
      connectors: CHECK_DEFAULTS.connectors, password: PASSWORD, triggerUrl: gateway.httpUrl, triggerHeaders: { Authorization: `Bearer ${API_TOKEN}` },
      pendingId: PENDING_ID, rejectedId: REJECTED_ID, callTimeoutMs: CHECK_DEFAULTS.callTimeoutMs, handshakeTimeoutMs: CHECK_DEFAULTS.handshakeTimeoutMs,
      quietMs: CHECK_DEFAULTS.quietMs, maxClockSkewSec: CHECK_DEFAULTS.maxClockSkewSec, checkTimeoutMs: CHECK_DEFAULTS.checkTimeoutMs,
    };
    const outcomes: CheckOutcome[] = await runChecks(checksFor(version), settings);
    const failed = outcomes.filter((o) => o.status === 'failed').map((o) => ({ name: o.name, detail: o.detail }));
    const ran = outcomes.filter((o) => o.status !== 'skipped').length;
    return { misbehave, version, expected: misbehave ? brokenCheck(misbehave, version) : undefined, failed, ran };
  } finally {
    await gateway.close();
  }
}

/** Every (switch, version) pair where the switch breaks a check, plus one clean run per version. */
export function mutationPlan(): Array<[Misbehaviour | undefined, Version]> {
  const plan: Array<[Misbehaviour | undefined, Version]> = MUTATION_VERSIONS.map((version) => [undefined, version]);
  for (const name of MISBEHAVIOUR_NAMES) for (const version of MUTATION_VERSIONS) if (brokenCheck(name, version)) plan.push([name, version]);
  return plan;
}

/** Runs the whole plan, `concurrency` gateways at a time, in plan order. */
export async function runMutations(concurrency = 3): Promise<MutationRun[]> {
  const plan = mutationPlan();
  const results: MutationRun[] = new Array(plan.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < plan.length) {
      const i = next++;
      const [name, version] = plan[i] as [Misbehaviour | undefined, Version];
      results[i] = await mutationRun(name, version);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, plan.length) }, worker));
  return results;
}

/** True when the run failed exactly the check it should (none for the clean run). */
export const asExpected = (run: MutationRun): boolean =>
  run.expected === undefined ? run.failed.length === 0 : run.failed.length === 1 && run.failed[0]?.name === run.expected;

/** The Markdown table of docs/check.md: switch, what it does, the check that failed in each version (from the runs). */
export function mutationTable(runs: readonly MutationRun[]): string {
  const cell = (name: Misbehaviour, version: Version): string => {
    const run = runs.find((r) => r.misbehave === name && r.version === version);
    if (!run) return '—';
    return run.failed.length === 0 ? '(none failed)' : run.failed.map((f) => `\`${f.name}\``).join(', ');
  };
  const rows = MISBEHAVIOUR_NAMES.map((name) => `| \`${name}\` | ${MISBEHAVIOURS[name].does} | ${cell(name, 'ocpp1.6')} | ${cell(name, 'ocpp2.0.1')} |`);
  return ['| `--misbehave` | the gateway … | failing check, 1.6 | failing check, 2.0.1 |', '| --- | --- | --- | --- |', ...rows].join('\n');
}
