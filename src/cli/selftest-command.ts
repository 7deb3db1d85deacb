import { EXIT } from './exit-codes.js';
import type { Io } from './io.js';
import { failed, formatCheck, seconds, type CheckResult } from './selftest/check.js';
import { SELFTEST_DEFAULTS, SelftestContext } from './selftest/harness.js';
import { scenarioChecks } from './selftest/scenario-checks.js';
import { apiChecks } from './selftest/api-checks.js';
import { authChecks, tlsChecks } from './selftest/security-checks.js';

/** After the deadline, how long a group of checks gets to wind down once its fleets are aborted, in milliseconds. */
const WIND_DOWN_MS = 5_000;

const TIMED_OUT = Symbol('timed out');

const after = <T>(ms: number, value: T): { promise: Promise<T>; cancel(): void } => {
  let timer: NodeJS.Timeout | undefined;
  const promise = new Promise<T>((resolve) => { timer = setTimeout(() => resolve(value), ms); });
  return { promise, cancel: () => clearTimeout(timer) };
};

/**
 * `ocpp-sim selftest`: runs the embedded gateway against fleets in this process, on 127.0.0.1
 * and free ports: every shipped scenario (both protocols), HTTP Basic auth, the HTTP API's gate
 * (token, cross-site, DNS rebinding), charge point id rules, TLS and mutual TLS (CN = id).
 * The groups run at once; each check prints one line on stdout as its group finishes, then a
 * verdict line (after Ctrl-C only the verdict: interrupted checks prove nothing). Returns 0 when every check passed (a skipped one does not fail), 1 otherwise,
 * 105 when interrupted. Everything it opened is closed and its temporary files are deleted,
 * also after the deadline (`SELFTEST_DEFAULTS.deadlineMs`) or an interrupt.
 */
export async function selftestCommand(io: Io): Promise<number> {
  const t0 = performance.now();
  const controller = new AbortController();
  let interrupted = false;
  const unsubscribe = io.onInterrupt(() => {
    interrupted = true;
    controller.abort();
  });
  const ctx = new SelftestContext(controller.signal);
  const group = (name: string, run: (ctx: SelftestContext) => Promise<CheckResult[]>): { name: string; promise: Promise<CheckResult[]> } =>
    ({ name, promise: run(ctx).catch((error: Error) => [failed(name, error.message ?? String(error))]) });
  const groups = [group('scenarios', scenarioChecks), group('auth', authChecks), group('api', apiChecks), group('tls', tlsChecks)];
  const deadline = after(SELFTEST_DEFAULTS.deadlineMs, TIMED_OUT);
  let late = false;
  const results: CheckResult[] = [];
  try {
    for (const { name, promise } of groups) {
      let outcome = await Promise.race([promise, deadline.promise]);
      if (outcome === TIMED_OUT) {
        if (!late) {
          late = true;
          controller.abort();
          await ctx.closeAll();
        }
        const grace = after(WIND_DOWN_MS, TIMED_OUT);
        outcome = await Promise.race([promise, grace.promise]);
        grace.cancel();
        if (outcome === TIMED_OUT) outcome = [failed(name, `did not finish within ${seconds(SELFTEST_DEFAULTS.deadlineMs)}`)];
      }
      // Checks cut short by Ctrl-C say nothing about the product: only the verdict line follows.
      if (interrupted) continue;
      for (const result of outcome) io.stdout.write(`${formatCheck(result)}\n`);
      results.push(...outcome);
    }
  } finally {
    deadline.cancel();
    unsubscribe();
    await ctx.closeAll();
  }
  const took = seconds(performance.now() - t0);
  const ran = results.filter((r) => r.status !== 'skipped').length;
  const skippedCount = results.length - ran;
  const failures = results.filter((r) => r.status === 'failed').length;
  if (interrupted) {
    io.stdout.write(`selftest interrupted after ${took}\n`);
    return EXIT.INTERRUPTED;
  }
  if (failures > 0) {
    io.stdout.write(`selftest FAILED: ${failures} of ${ran} checks in ${took}\n`);
    return EXIT.RUN_FAILED;
  }
  io.stdout.write(`selftest passed (${ran} checks${skippedCount > 0 ? `, ${skippedCount} skipped` : ''}) in ${took}\n`);
  return EXIT.OK;
}
