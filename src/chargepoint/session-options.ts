import type { RpcSessionOptions } from '../protocol/rpc-session.js';
import type { ChargePoint } from './charge-point.js';
import type { FleetContext } from './context.js';
import { perContext } from './per-context.js';
import type { ProtocolProfile } from './protocol-profile.js';
import { scenarioHandlers } from './scenario/runner.js';

/**
 * The options of every RPC session of `ctx`'s charge points speaking `profile`'s version: the
 * scenario's handlers, the shared scheduler, the call timeout, the schema check and the recorder.
 * Made on first use and shared (frozen), so a connection's session costs only itself.
 */
export const sessionOptionsFor = perContext((ctx: FleetContext, profile: ProtocolProfile): RpcSessionOptions<ChargePoint> => Object.freeze({
  version: profile.version, handlers: scenarioHandlers(profile), scheduler: ctx.scheduler,
  callTimeoutMs: ctx.callTimeoutMs, validator: ctx.validator, observer: ctx.recorder,
}));
