import type { Payload } from '../protocol/frame.js';
import { prepareCall, type PreparedCall } from '../protocol/prepared-call.js';
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
  /** How long one CALL waits for its answer, in milliseconds: a broadcast waits no longer in all. */
  readonly callTimeoutMs: number;
  call(chargePointId: string, action: string, payload: Payload, prepared?: PreparedCall): Promise<Payload>;
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
      // Serialised once for every charge point; each call starts now, none waits for another.
      const prepared = prepareCall(action, payload);
      const outcomes = await withinDeadline(ids.map((id) => callOutcome(gateway.call(id, action, payload, prepared))), gateway.callTimeoutMs, action);
      return Object.fromEntries(ids.map((id, i) => [id, (outcomes[i] as CallOutcome).body]));
    },
  };
}

/**
 * Settles with every outcome once all have settled or `ms` have passed, whichever is first: a
 * call still queued or unanswered by then (behind a silent charge point's earlier calls) counts
 * as 504 E_CALL_TIMEOUT, so one charge point never holds a broadcast for more than one call timeout.
 */
async function withinDeadline(outcomes: Array<Promise<CallOutcome>>, ms: number, action: string): Promise<CallOutcome[]> {
  const late: CallOutcome = { status: 504, body: { error: { code: 'E_CALL_TIMEOUT', description: `${action} got no answer within the broadcast's ${ms} ms` } } };
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<void>((resolve) => { timer = setTimeout(resolve, ms); });
  const settled: Array<CallOutcome | undefined> = outcomes.map(() => undefined);
  outcomes.forEach((outcome, i) => { void outcome.then((o) => { settled[i] = o; }); });
  try {
    await Promise.race([Promise.all(outcomes), deadline]);
  } finally {
    clearTimeout(timer);
  }
  return settled.map((outcome) => outcome ?? late);
}
