import { parseThreshold } from './thresholds.js';
import type { Threshold, ThresholdResult } from './threshold-types.js';

/** A check every run gets unless the user opts out: the threshold and what its failure means. */
export interface DefaultCheck {
  threshold: Threshold;
  /** Why the run did not do its job, in words, when the check fails. */
  meaning: string;
}

const check = (expression: string, meaning: string): DefaultCheck => ({ threshold: { ...parseThreshold(expression), isDefault: true }, meaning });

/**
 * The run's own checks, k6-like default thresholds: a run that did not do its job fails (exit
 * 99) with one line saying why. A user threshold on the same metric replaces the check (e.g.
 * `booted:count==0` when Rejected boots are the test), `--no-default-checks` drops them all.
 */
export const DEFAULT_CHECKS: readonly DefaultCheck[] = Object.freeze([
  check('booted:count>0', 'no charge point booted (no BootNotification was Accepted)'),
  check('answered:count>0', 'the central system answered none of the CALLs sent'),
  check('local_failures:count==0', 'charge points never connected for a cause on this machine (out of ports, files or memory)'),
]);

/** The default checks that apply next to `user` thresholds: those on a metric no user threshold names. */
export function defaultChecksFor(user: readonly Threshold[]): Threshold[] {
  const named = new Set(user.map((t) => t.metric));
  return DEFAULT_CHECKS.filter((c) => !named.has(c.threshold.metric)).map((c) => ({ ...c.threshold }));
}

/** One line for each failed default check: what it means, the figure, and how to opt out. */
export function defaultCheckFailures(results: readonly ThresholdResult[]): string[] {
  return results.filter((r) => r.isDefault && !r.passed).map((r) => {
    const meaning = DEFAULT_CHECKS.find((c) => c.threshold.expression === r.expression)?.meaning ?? r.expression;
    return `run failed its default check ${r.expression}: ${meaning} (${r.message}); if that is expected, add a threshold on ${r.metric} or --no-default-checks`;
  });
}
