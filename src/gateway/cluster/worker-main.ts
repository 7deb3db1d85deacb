import { TimerWheel } from '../../clock/timer-wheel.js';
import { REPLACED_CLOSE_CODE, REPLACED_CLOSE_REASON } from '../connection-registry.js';
import { GatewayError } from '../errors.js';
import type { EndpointSource } from '../http-endpoints.js';
import { localEndpoints } from '../local-endpoints.js';
import { Logger, type LogSink } from '../logger.js';
import { GATEWAY_DEFAULTS } from '../options.js';
import { openGateway, type EmbeddedGateway } from '../server.js';
import { fromWire, queryTimeoutMs, toWire, type FromWorker, type Query, type ToWorker, type WireError } from './messages.js';
import { PendingRequests } from './pending.js';
import { AcceptedBatch } from './accepted-batch.js';
import { supersedes } from './newest-wins.js';
import type { Ask } from './primary-router.js';
import { clusterEndpoints } from './worker-endpoints.js';

/** Extra time a worker gives the primary beyond the primary's own bound on a query, in ms. */
const ASK_MARGIN_MS = 2_000;
/** The primary is the one party a worker asks. */
const PRIMARY = 0;

let gateway: EmbeddedGateway | undefined;
let local: EndpointSource | undefined;
let logger = new Logger(undefined, 'error');
let callTimeoutMs = GATEWAY_DEFAULTS.callTimeoutMs;
/** This worker's index (from 1), told by the primary in `start`. */
let ownIndex = 0;
let closing: Promise<void> | undefined;
let lastPost: Promise<void> = Promise.resolve();
const asks = new PendingRequests();
/** The ids this worker accepted, told to the primary in batches (the other workers evict older connections). */
const accepted = new AcceptedBatch(new TimerWheel(), (batch) => void post({ t: 'connected', accepted: batch }));

/** Sends one message to the primary; the promise settles once it left (IPC keeps the order). */
function post(message: FromWorker): Promise<void> {
  lastPost = new Promise((resolve) => {
    if (!process.connected || !process.send) return resolve();
    process.send(message, undefined, {}, () => resolve());
  });
  return lastPost;
}

const askPrimary: Ask = (query) => {
  const { id, answer } = asks.open<never>(PRIMARY, queryTimeoutMs(query, callTimeoutMs) + ASK_MARGIN_MS, 'the primary process');
  void post({ t: 'ask', id, query });
  return answer;
};

/** This worker's own share of an answer (asked only once it listens). */
async function answerOwn(query: Query): Promise<unknown> {
  if (!local) throw new GatewayError('E_WORKER_UNAVAILABLE', 'this worker is not listening yet');
  const own = local;
  switch (query.kind) {
    case 'health': return own.health();
    case 'connections': return own.connections();
    case 'metrics': return own.metricsText();
    case 'locate': return gateway?.registry.get(query.chargePointId)?.connectedAt ?? null;
    case 'call': return own.callOne(query.chargePointId, query.action, query.payload);
    case 'broadcast': return own.callMany(query.action, query.payload, query.prefix);
    case 'outage': return own.outage(query.durationMs);
  }
}

/**
 * Closes this worker's connection of an id when the one worker `from` just accepted supersedes it:
 * the newest wins, as in one process, and in the same millisecond the higher worker index (newest-wins.ts).
 */
function evict(chargePointId: string, at: number, from: number): void {
  const connection = gateway?.registry.get(chargePointId);
  if (!connection || !supersedes({ at, worker: from }, { at: connection.connectedAt, worker: ownIndex })) return;
  logger.info(`${chargePointId}: older connection replaced (the new one is on another worker)`, chargePointId);
  connection.close(REPLACED_CLOSE_CODE, REPLACED_CLOSE_REASON);
}

async function start(message: Extract<ToWorker, { t: 'start' }>): Promise<void> {
  const sink: LogSink | undefined = message.forwardLogs ? (line, entry) => void post({ t: 'log', line, entry }) : undefined;
  logger = new Logger(sink, message.options.logLevel ?? GATEWAY_DEFAULTS.logLevel);
  callTimeoutMs = message.options.callTimeoutMs ?? GATEWAY_DEFAULTS.callTimeoutMs;
  ownIndex = message.index;
  try {
    gateway = await openGateway({
      ...message.options, ...(sink ? { log: sink } : {}),
      onConnect: ({ chargePointId }) => accepted.add(chargePointId, gateway?.registry.get(chargePointId)?.connectedAt ?? Date.now()),
    }, clusterEndpoints(askPrimary));
  } catch (error) {
    await post({ t: 'failed', error: toWire(error) });
    process.exit(1);
  }
  local = localEndpoints(gateway);
  await post({ t: 'ready', port: gateway.port, url: gateway.url, httpUrl: gateway.httpUrl });
}

/** Closes the gateway as one process would (stop accepting, answer calls in flight, close 1001), then exits 0. */
function shutdown(): Promise<void> {
  closing ??= (async () => {
    await gateway?.close();
    asks.failOwner(undefined, 'the gateway is closing');
    await lastPost;
    process.exit(0);
  })();
  return closing;
}

function settleAsk(id: number, answer: unknown, error: WireError | undefined): void {
  if (!error) return asks.settle(id, answer);
  asks.settle(id, undefined, error.code === 'E_WORKER_UNAVAILABLE' ? new GatewayError('E_WORKER_UNAVAILABLE', error.message) : fromWire(error));
}

/**
 * Entry of one gateway worker process, forked by the cluster primary (primary.ts): says hello,
 * starts its gateway on the shared listening socket when told, answers the primary's queries
 * about its own share, closes older connections the primary reports replaced elsewhere, and
 * on `shutdown` or SIGTERM closes gracefully and exits 0. SIGINT is ignored: Ctrl-C reaches
 * every process of the terminal's group, and the primary coordinates the shutdown. If the
 * primary goes away, node:cluster ends the worker at once.
 */
function main(): void {
  process.on('SIGINT', () => {});
  process.on('SIGTERM', () => void shutdown());
  process.on('message', (message: ToWorker) => {
    switch (message.t) {
      case 'start': return void start(message);
      case 'query':
        return void answerOwn(message.query).then(
          (answer) => post({ t: 'answer', id: message.id, answer }),
          (error: unknown) => post({ t: 'answer', id: message.id, error: toWire(error) }),
        );
      case 'reply': return settleAsk(message.id, message.answer, message.error);
      case 'evict':
        for (const [chargePointId, at] of message.accepted) evict(chargePointId, at, message.from);
        return;
      case 'shutdown': return void shutdown();
    }
  });
  void post({ t: 'hello' });
}

main();
