import type { Payload } from '../protocol/frame.js';
import { callOutcome, type CallOutcome } from './call-api.js';
import type { ConnectionRegistry } from './connection-registry.js';
import type { EndpointSource } from './http-endpoints.js';
import type { OutageAnswer } from './outage.js';

/** What the endpoints of one gateway process read from it. */
export interface LocalGatewayView {
  /** Epoch milliseconds the gateway started listening. */
  readonly startedAt: number;
  readonly registry: ConnectionRegistry;
  /** The Prometheus exposition text of this process. */
  metrics(): string;
  call(chargePointId: string, action: string, payload: Payload): Promise<Payload>;
  outage(durationMs: number): OutageAnswer;
}

/**
 * The HTTP endpoints' source for one process: its own connections, metrics and calls. A
 * cluster worker also answers the primary's questions from it.
 */
export function localEndpoints(gateway: LocalGatewayView): EndpointSource {
  return {
    health: () => Promise.resolve({ connections: gateway.registry.size, startedAt: gateway.startedAt }),
    connections: () => Promise.resolve(gateway.registry.describe()),
    metricsText: () => Promise.resolve(gateway.metrics()),
    callOne: (id, action, payload) => callOutcome(gateway.call(id, action, payload)),
    outage: (durationMs) => Promise.resolve(gateway.outage(durationMs)),
    async callMany(action, payload, prefix) {
      const ids = [...gateway.registry.ids()].filter((id) => prefix === undefined || id.startsWith(prefix));
      const outcomes: CallOutcome[] = await Promise.all(ids.map((id) => callOutcome(gateway.call(id, action, payload))));
      return Object.fromEntries(ids.map((id, i) => [id, (outcomes[i] as CallOutcome).body]));
    },
  };
}
