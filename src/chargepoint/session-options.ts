import type { RpcSessionOptions } from '../protocol/rpc-session.js';
import type { ChargePoint } from './charge-point.js';
import type { FleetContext } from './context.js';
import type { ProtocolProfile } from './protocol-profile.js';
import { scenarioHandlers } from './scenario/runner.js';

/** Session options by fleet context and protocol profile: one object per version of a run, not one per connection. */
const sharedByContext = new WeakMap<FleetContext, Map<ProtocolProfile, RpcSessionOptions<ChargePoint>>>();

/**
 * The options of every RPC session of `ctx`'s charge points speaking `profile`'s version: the
 * scenario's handlers, the shared scheduler, the call timeout, the schema check and the recorder.
 * Made on first use and shared (frozen), so a connection's session costs only itself.
 */
export function sessionOptionsFor(ctx: FleetContext, profile: ProtocolProfile): RpcSessionOptions<ChargePoint> {
  let byProfile = sharedByContext.get(ctx);
  if (!byProfile) sharedByContext.set(ctx, (byProfile = new Map()));
  let opts = byProfile.get(profile);
  if (!opts) {
    opts = Object.freeze({
      version: profile.version, handlers: scenarioHandlers(profile), scheduler: ctx.scheduler,
      callTimeoutMs: ctx.callTimeoutMs, validator: ctx.validator, observer: ctx.recorder,
    });
    byProfile.set(profile, opts);
  }
  return opts;
}
