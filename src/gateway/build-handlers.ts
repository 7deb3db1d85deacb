import type { Scheduler } from '../clock/scheduler.js';
import type { HandlerTable } from '../protocol/rpc-session.js';
import type { OcppVersion } from '../protocol/versions.js';
import { withBootGuard } from './boot-guard.js';
import { withMisbehaviour } from './misbehave-handlers.js';
import { withFaults } from './fault-injection.js';
import type { GatewayState } from './gateway-state.js';
import { withInFlight, withOverrides, withRateLimit, type GatewayOwner, type InFlight } from './handler-pipeline.js';
import type { ResolvedGatewayOptions } from './options.js';
import { bootPicker } from './policies.js';
import { createRandom } from './prng.js';
import { buildHandlerTables } from './protocols.js';
import { withRequestedCalls, type RequestedCallDeps } from './requested-calls.js';

/** What the handler tables are built from, besides the options. */
export interface HandlerBuildDeps {
  readonly state: GatewayState;
  readonly scheduler: Scheduler;
  readonly inFlight: InFlight;
  /** Sends the CALLs charge points ask for (requested-calls.ts); absent: such requests go to DataTransfer's own answer. */
  readonly requested?: RequestedCallDeps;
}

// Separate streams for boot answers and faults, so turning one knob on does not shift the other's draws.
const BOOT_STREAM = 0x5bd1e995;

/**
 * The handler table of every served version, built once per gateway, innermost first: the
 * built-in answers (with the CALLs charge points request, `requested`), the user's overrides, the misbehaviours asked for (`misbehave`), the boot guard (SecurityError before an Accepted
 * boot), the injected faults, the rate limit, and the in-flight count that shutdown waits on.
 * All random choices come from PRNGs seeded with `opts.seed`.
 */
export function buildGatewayHandlers(opts: ResolvedGatewayOptions, { state, scheduler, inFlight, requested }: HandlerBuildDeps): ReadonlyMap<OcppVersion, HandlerTable<GatewayOwner>> {
  const chooseBootStatus = bootPicker(opts.bootStatus, createRandom((opts.seed ^ BOOT_STREAM) >>> 0));
  const faultRandom = createRandom(opts.seed);
  const misbehave = new Set(opts.misbehave ?? []);
  const bootById = opts.bootStatusById;
  const known = opts.idTags ? new Set(opts.idTags) : undefined;
  const base = buildHandlerTables({
    chooseBootStatus, heartbeatIntervalSec: opts.heartbeatIntervalSec, state,
    ...(bootById ? { bootStatusOf: (id: string) => (Object.hasOwn(bootById, id) ? bootById[id] : undefined) } : {}),
    ...(known ? { tokenStatus: (token: string) => (known.has(token) ? 'Accepted' as const : 'Invalid' as const) } : {}),
  });
  return new Map([...base].map(([version, table]) => {
    const own = requested ? withRequestedCalls(table as HandlerTable<GatewayOwner>, version, requested) : table;
    let handlers: HandlerTable<GatewayOwner> = withOverrides<GatewayOwner>(own, opts.handlers, (owner, status) => {
      owner.bootStatus = status;
      state.recordBoot(owner.id, status);
    });
    handlers = withMisbehaviour(handlers, misbehave, version, state);
    handlers = withBootGuard(handlers, new Set([
      ...(misbehave.has('pending-serves-calls') ? ['Pending' as const] : []), ...(misbehave.has('rejected-serves-calls') ? ['Rejected' as const] : []),
    ]));
    handlers = withFaults(handlers, opts, faultRandom, scheduler);
    if (opts.rateLimitPerSec > 0) handlers = withRateLimit(handlers);
    return [version, withInFlight(handlers, inFlight)];
  }));
}
