import { TimerWheel } from '../clock/timer-wheel.js';
import { loadVersions } from '../protocol/versions.js';
import { TransportError } from '../transport/errors.js';
import { CheckContext, type CheckSettings } from './context.js';
import { describeFailure } from './describe-failure.js';
import type { CheckDefinition, CheckNeed, CheckOutcome } from './types.js';

/** Which flag unlocks each need, for the skip reason. */
const NEED_FLAG: Record<CheckNeed, string> = {
  trigger: '--trigger-url',
  password: '--password',
  tls: 'a wss:// --url',
  'client-cert': '--cert and --key',
  'pending-id': '--pending-id',
  'rejected-id': '--rejected-id',
};

function missingNeed(need: CheckNeed, settings: CheckSettings): boolean {
  switch (need) {
    case 'trigger': return settings.triggerUrl === undefined;
    case 'password': return settings.password === undefined;
    case 'tls': return !settings.url.startsWith('wss:');
    case 'client-cert': return settings.tls?.cert === undefined;
    case 'pending-id': return settings.pendingId === undefined;
    case 'rejected-id': return settings.rejectedId === undefined;
  }
}

/** The CSMS could not be reached at all: `ocpp-sim check` exits 1 instead of reporting checks. */
export class CsmsUnreachable extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CsmsUnreachable';
  }
}

/**
 * Opens one station with the version's subprotocol and closes it: throws CsmsUnreachable, naming
 * the cause, when the CSMS cannot be connected to (refused, timed out, upgrade refused,
 * subprotocol not spoken).
 */
export async function probeCsms(settings: CheckSettings): Promise<void> {
  await loadVersions([settings.version]);
  const scheduler = new TimerWheel();
  const ctx = new CheckContext(settings, scheduler);
  try {
    await ctx.station().open();
  } catch (error) {
    if (error instanceof TransportError || (error as { code?: unknown }).code === 'E_SOCKET') throw new CsmsUnreachable((error as Error).message);
    throw error;
  } finally {
    ctx.closeAll();
    scheduler.clear();
  }
}

/** Runs `fn`, failing with a timeout message after `ms`. */
async function bounded<T>(fn: () => Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} did not finish within ${ms} ms`)), ms);
  });
  try {
    return await Promise.race([fn(), timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Runs `checks` one after the other against the CSMS of `settings`, each in a fresh context
 * whose stations are closed after it, bounded by `settings.checkTimeoutMs`. A check needing
 * what was not configured is skipped with the flag that unlocks it. `onOutcome` hears of each
 * verdict as it comes; `signal` stops before the next check.
 */
export async function runChecks(checks: readonly CheckDefinition[], settings: CheckSettings,
  hooks: { onOutcome?: (outcome: CheckOutcome) => void; signal?: AbortSignal } = {}): Promise<CheckOutcome[]> {
  await loadVersions([settings.version]);
  const outcomes: CheckOutcome[] = [];
  const scheduler = new TimerWheel();
  try {
    for (const check of checks) {
      if (hooks.signal?.aborted) break;
      const ref = check.refs[settings.version];
      if (!ref) continue;
      const base = { name: check.name, section: ref.section, octt: ref.octt };
      const missing = (check.needs ?? []).filter((need) => missingNeed(need, settings));
      let outcome: CheckOutcome;
      if (missing.length > 0) {
        outcome = { ...base, status: 'skipped', detail: `needs ${missing.map((need) => NEED_FLAG[need]).join(' and ')}`, ms: 0 };
      } else {
        const ctx = new CheckContext(settings, scheduler);
        const t0 = performance.now();
        try {
          const figures = await bounded(() => check.run(ctx), settings.checkTimeoutMs, check.name);
          const detail = [figures, ...ctx.notes].filter((s): s is string => typeof s === 'string' && s.length > 0).join('; ');
          outcome = { ...base, status: 'passed', detail, ms: performance.now() - t0 };
        } catch (error) {
          outcome = { ...base, status: 'failed', detail: describeFailure(error), ms: performance.now() - t0 };
        } finally {
          ctx.closeAll();
        }
      }
      outcomes.push(outcome);
      hooks.onOutcome?.(outcome);
    }
  } finally {
    scheduler.clear();
  }
  return outcomes;
}
