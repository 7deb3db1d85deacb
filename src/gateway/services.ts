import type { Scheduler } from '../clock/scheduler.js';
import type { GatewayState } from './gateway-state.js';
import type { GatewayMetrics } from './gateway-metrics.js';
import type { GatewayHooks } from './hooks.js';
import type { Logger } from './logger.js';

/** What every connection of one gateway shares: one object, not a copy per socket. */
export interface GatewayServices {
  readonly state: GatewayState;
  readonly metrics: GatewayMetrics;
  readonly logger: Logger;
  readonly scheduler: Scheduler;
  readonly hooks: GatewayHooks;
  /** Outgoing bytes a connection may have waiting to be written before it is cut. */
  readonly maxBufferedBytes: number;
  /** Inbound CALLs per second per connection and burst; rate 0 = no limit. */
  readonly rateLimit: { readonly perSec: number; readonly burst: number };
}

/** Calls a user hook; a hook that throws is logged, never allowed to break the gateway. */
export function callHook<E>(services: GatewayServices, name: keyof GatewayHooks, event: E): void {
  const hook = services.hooks[name] as ((event: E) => void) | undefined;
  if (!hook) return;
  try {
    hook(event);
  } catch (error) {
    services.logger.error(`${name} hook threw: ${error instanceof Error ? error.message : String(error)}`);
  }
}
