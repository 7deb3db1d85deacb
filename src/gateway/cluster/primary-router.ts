import { callOutcome, type CallOutcome } from '../call-api.js';
import type { ConnectionInfo } from '../charge-point-connection.js';
import { unknownChargePoint } from '../errors.js';
import type { HealthFacts } from '../http-endpoints.js';
import type { Answers, Query } from './messages.js';
import { mergeExpositions } from './merge-metrics.js';
import { supersedes } from './newest-wins.js';
import type { OutageAnswer } from '../outage.js';

/** Asks one process a query and resolves with its answer (rejects with GatewayError E_WORKER_UNAVAILABLE). */
export type Ask = <Q extends Query>(query: Q) => Promise<Answers[Q['kind']]>;

/** A live worker as the primary sees it: its number and how to ask it about its own share. */
export interface WorkerLink {
  readonly index: number;
  readonly ask: Ask;
}

/** What only the primary knows: when the gateway started and how many workers it started. */
export interface ClusterFacts {
  startedAt: number;
  total: number;
}

/** Every worker's rows in one; an id held by two workers (a reconnect racing the eviction) shows its newest connection. */
export function unionConnections(parts: ReadonlyArray<Record<string, ConnectionInfo>>): Record<string, ConnectionInfo> {
  const rows = new Map<string, ConnectionInfo>();
  for (const part of parts) {
    for (const [id, row] of Object.entries(part)) {
      const held = rows.get(id);
      if (!held || row.connected_at > held.connected_at) rows.set(id, row);
    }
  }
  return Object.fromEntries(rows);
}

/** Finds the worker holding the newest connection of the charge point (in one millisecond, the higher worker index's), then has that worker send the CALL. */
async function callHolder(query: Extract<Query, { kind: 'call' }>, workers: readonly WorkerLink[]): Promise<CallOutcome> {
  const located = await Promise.allSettled(workers.map((w) => w.ask({ kind: 'locate', chargePointId: query.chargePointId })));
  let holder: WorkerLink | undefined;
  let newest = -Infinity;
  located.forEach((settled, i) => {
    const worker = workers[i] as WorkerLink;
    if (settled.status !== 'fulfilled' || settled.value === null) return;
    // The connection eviction keeps (newest-wins.ts), also while both are still open.
    if (!holder || supersedes({ at: settled.value, worker: worker.index }, { at: newest, worker: holder.index })) [holder, newest] = [worker, settled.value];
  });
  if (holder) return holder.ask(query);
  const failed = located.find((settled) => settled.status === 'rejected');
  if (failed) throw (failed as PromiseRejectedResult).reason;
  return callOutcome(Promise.reject(unknownChargePoint(query.chargePointId, query.action)));
}

/**
 * The answer for the whole gateway to a query one worker's HTTP endpoint received, from every
 * live worker: connections summed, rows united, Prometheus samples summed (merge-metrics.ts),
 * a call routed to the worker that holds the charge point (404 when none does), a broadcast
 * sent by every worker to its own charge points and the results united, an outage started by
 * every worker (dropped connections summed, the latest end). Rejects with the first
 * worker's failure (GatewayError E_WORKER_UNAVAILABLE): a partial sum would be a wrong figure.
 */
export async function answerForAll(query: Query, workers: readonly WorkerLink[], facts: ClusterFacts): Promise<unknown> {
  const everyone = <Q extends Query>(q: Q): Promise<Array<Answers[Q['kind']]>> => Promise.all(workers.map((w) => w.ask(q)));
  switch (query.kind) {
    case 'health': {
      const parts = await everyone(query);
      const health: HealthFacts = {
        connections: parts.reduce((sum, part) => sum + part.connections, 0), startedAt: facts.startedAt, workers: { running: workers.length, total: facts.total },
      };
      return health;
    }
    case 'connections': return unionConnections(await everyone(query));
    case 'metrics': return mergeExpositions(await everyone(query));
    case 'locate': return (await everyone(query)).reduce<number | null>((max, at) => (at !== null && (max === null || at > max) ? at : max), null);
    case 'call': return callHolder(query, workers);
    case 'broadcast': return Object.fromEntries((await everyone(query)).flatMap((part) => Object.entries(part)));
    case 'outage': {
      const parts = await everyone(query);
      const outage: OutageAnswer = { dropped: parts.reduce((sum, p) => sum + p.dropped, 0), until: parts.map((p) => p.until).sort().at(-1) ?? new Date().toISOString() };
      return outage;
    }
  }
}
