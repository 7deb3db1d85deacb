import type { EndpointSource } from '../http-endpoints.js';
import type { Ask } from './primary-router.js';

/**
 * The HTTP endpoints of a cluster worker: every answer is for the whole gateway, asked of the
 * primary (which asks every worker), whichever worker the request happened to reach.
 */
export function clusterEndpoints(askPrimary: Ask): EndpointSource {
  return {
    health: () => askPrimary({ kind: 'health' }),
    connections: () => askPrimary({ kind: 'connections' }),
    metricsText: () => askPrimary({ kind: 'metrics' }),
    callOne: (chargePointId, action, payload) => askPrimary({ kind: 'call', chargePointId, action, payload }),
    callMany: (action, payload, prefix) => askPrimary({ kind: 'broadcast', action, payload, prefix }),
    outage: (durationMs) => askPrimary({ kind: 'outage', durationMs }),
  };
}
