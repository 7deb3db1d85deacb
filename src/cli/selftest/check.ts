import type { FleetSnapshot } from '../../runner/fleet.js';
import type { RunResult } from '../../runner/run.js';

/** The verdict of one self-test check: `detail` holds the figures when it passed, the reason otherwise. */
export interface CheckResult {
  name: string;
  status: 'passed' | 'failed' | 'skipped';
  detail: string;
}

export const passed = (name: string, detail: string): CheckResult => ({ name, status: 'passed', detail });
export const failed = (name: string, reason: string): CheckResult => ({ name, status: 'failed', detail: reason });
export const skipped = (name: string, reason: string): CheckResult => ({ name, status: 'skipped', detail: reason });

/** One line per check: `✓ name  (figures)`, `✗ name  reason` or `- name  skipped: reason`. */
export function formatCheck(result: CheckResult): string {
  if (result.status === 'passed') return `✓ ${result.name}  (${result.detail})`;
  if (result.status === 'failed') return `✗ ${result.name}  ${result.detail}`;
  return `- ${result.name}  skipped: ${result.detail}`;
}

/** Passed with `figures` when `problems` is empty, else failed with the problems joined. */
export function verdict(name: string, problems: readonly string[], figures: string): CheckResult {
  return problems.length === 0 ? passed(name, figures) : failed(name, problems.join('; '));
}

/** Runs one check, turning anything it throws into a failed result: a self-test reports, it does not crash. */
export async function guarded(name: string, fn: () => Promise<CheckResult>): Promise<CheckResult> {
  try {
    return await fn();
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    return failed(name, `${(error as Error).message ?? String(error)}${typeof code === 'string' ? ` (${code})` : ''}`);
  }
}

/** `"3 (callerror:InternalError 2, timeout:Heartbeat 1)"`, or `"0"`, for error counts by kind. */
export function describeCounts(counts: Readonly<Record<string, number>>): string {
  const entries = Object.entries(counts).filter(([, n]) => n > 0).sort(([, a], [, b]) => b - a);
  const total = entries.reduce((sum, [, n]) => sum + n, 0);
  return total === 0 ? '0' : `${total} (${entries.map(([kind, n]) => `${kind} ${n}`).join(', ')})`;
}

/**
 * What every fleet that should have worked must show: the run completed, every charge point
 * booted, no error nor anomaly of any kind and no failed step check (with the first sample of each).
 */
export function healthyRunProblems(result: RunResult): string[] {
  const problems: string[] = [];
  const { fleet } = result;
  if (result.outcome !== 'completed') problems.push(`run ${result.outcome}${result.error ? `: ${result.error}` : ''}`);
  if (fleet.everBooted < fleet.count) problems.push(`${fleet.everBooted}/${fleet.count} booted${fleet.firstError ? ` (first error: ${fleet.firstError})` : ''}`);
  const { errors, anomalies } = fleet.metrics;
  if (Object.values(errors).some((n) => n > 0)) problems.push(`errors ${describeCounts(errors)}`);
  if (Object.values(anomalies).some((n) => n > 0)) problems.push(`anomalies ${describeCounts(anomalies)}`);
  for (const [step, checks] of Object.entries(fleet.metrics.steps)) {
    if (checks.failures === 0) continue;
    const sample = checks.samples[0];
    problems.push(`step ${step} failed ${checks.failures} of ${checks.checks} checks${sample ? ` (${sample.chargePoint}: ${sample.detail})` : ''}`);
  }
  return problems;
}

/** Sum of the checks of every scenario step. */
export function stepChecks(fleet: FleetSnapshot): number {
  return Object.values(fleet.metrics.steps).reduce((sum, s) => sum + s.checks, 0);
}

/** Milliseconds as seconds with one decimal, e.g. `9.8s`. */
export const seconds = (ms: number): string => `${(ms / 1000).toFixed(1)}s`;
