import cluster, { type Worker } from 'node:cluster';
import { fileURLToPath } from 'node:url';
import { GatewayError } from '../errors.js';
import { Logger } from '../logger.js';
import { resolveGatewayOptions } from '../resolve-options.js';
import { fromWire, queryTimeoutMs, toWire, START_TIMEOUT_MS, type FromWorker, type Query, type ToWorker } from './messages.js';
import { checkClusterOptions, workerOptions, type GatewayCluster, type GatewayClusterOptions } from './options.js';
import { PendingRequests } from './pending.js';
import { answerForAll, type Ask, type WorkerLink } from './primary-router.js';
import type { OutageAnswer } from '../outage.js';

/** The module every worker runs. */
const WORKER_MAIN = fileURLToPath(new URL('./worker-main.js', import.meta.url));
/** After the workers' own shutdown bound (answers in flight, then 2 s of closing handshakes), how long before SIGKILL, in ms. */
const EXIT_GRACE_MS = 5_000;

interface Member {
  readonly index: number;
  readonly worker: Worker;
  /** It said hello: it hears messages from now on. */
  greeted: boolean;
  /** Where it listens, once it does. */
  listening: { port: number; url: string; httpUrl: string } | undefined;
  alive: boolean;
  link: WorkerLink;
}

function send(member: Member, message: ToWorker): void {
  if (member.alive && member.worker.isConnected()) member.worker.send(message, undefined, () => {});
}

/**
 * Starts the gateway as `workers` processes with node:cluster: each worker runs the gateway
 * with the same options on the same host and port (the primary owns the listening socket and
 * deals connections round robin, so the sockets, and the open-file budgets, spread evenly;
 * port 0 gives every worker the one port the first listen picked). The HTTP endpoints answer
 * for the whole gateway (primary-router.ts). Worker log records reach `options.log` with
 * `worker` set. Resolves once every worker listens; rejects with the first worker's start
 * error (EADDRINUSE …, its `code` kept) after stopping the others, or with GatewayError
 * E_BAD_OPTIONS. A worker that dies later is logged and not restarted; the others serve on.
 * With `exclusivePort` each worker listens on a port of its own instead (`urls`), and accepts
 * its connections itself: none passes the primary.
 */
export async function startGatewayCluster(options: GatewayClusterOptions): Promise<GatewayCluster> {
  checkClusterOptions(options);
  const { workers: total, log, onWorkerExit, ...rest } = options;
  const resolved = resolveGatewayOptions(rest);
  const logger = new Logger(log, resolved.logLevel);
  const pending = new PendingRequests();
  const members: Member[] = [];
  const facts = { startedAt: Date.now(), total };
  let closing: Promise<void> | undefined;
  let started = false;

  const live = (): WorkerLink[] => members.filter((m) => m.alive && m.listening).map((m) => m.link);
  const ask = (member: Member): Ask => (query) => {
    const { id, answer } = pending.open<never>(member.index, queryTimeoutMs(query, resolved.callTimeoutMs), `worker ${member.index}`);
    if (!member.alive || !member.worker.isConnected()) pending.failOwner(member.index, `worker ${member.index} has exited`);
    else member.worker.send({ t: 'query', id, query } satisfies ToWorker, undefined, (error) => error && pending.failOwner(member.index, `worker ${member.index}: ${error.message}`));
    return answer;
  };
  const answerAsk = (member: Member, id: number, query: Query): void => {
    answerForAll(query, live(), facts).then(
      (answer) => send(member, { t: 'reply', id, answer }),
      (error: unknown) => send(member, { t: 'reply', id, error: toWire(error) }),
    );
  };

  // Round robin (Linux's default, forced here; it is fixed at the first setup) spreads the
  // sockets evenly; with the kernel's choice one worker can get most of them.
  cluster.schedulingPolicy = cluster.SCHED_RR;
  cluster.setupPrimary({ exec: WORKER_MAIN, args: [], serialization: 'advanced' });
  const ready = Array.from({ length: total }, (_, i) => new Promise<void>((resolve, reject) => {
    const worker = cluster.fork();
    const member: Member = { index: i + 1, worker, greeted: false, listening: undefined, alive: true, link: undefined as unknown as WorkerLink };
    member.link = { index: member.index, ask: ask(member) };
    members.push(member);
    worker.on('message', (message: FromWorker) => {
      switch (message.t) {
        case 'hello':
          member.greeted = true;
          return send(member, { t: 'start', index: member.index, options: workerOptions(rest, resolved.seed, i, total), forwardLogs: log !== undefined });
        case 'ready':
          member.listening = { port: message.port, url: message.url, httpUrl: message.httpUrl };
          return resolve();
        case 'failed': return reject(fromWire(message.error));
        case 'log': return log?.(`worker ${member.index}: ${message.line}`, message.entry && { ...message.entry, worker: member.index });
        case 'connected':
          for (const other of members) if (other !== member) send(other, { t: 'evict', from: member.index, accepted: message.accepted });
          return;
        case 'ask': return answerAsk(member, message.id, message.query);
        case 'answer': return pending.settle(message.id, message.answer, message.error && fromWire(message.error));
      }
    });
    worker.on('error', (error) => logger.warn(`worker ${member.index}: IPC error: ${error.message}`));
    worker.on('exit', (code, signal) => {
      member.alive = false;
      pending.failOwner(member.index, `worker ${member.index} exited while answering`);
      if (!member.listening) reject(new Error(`gateway worker ${member.index} exited with code ${code ?? signal} before it listened`));
      if (!started || closing) return;
      const running = members.filter((m) => m.alive).length;
      logger.error(`worker ${member.index} (pid ${worker.process.pid}) exited unexpectedly with ${signal ? `signal ${signal}` : `code ${code}`}; `
        + `not restarted, ${running} of ${total} workers serve on`);
      onWorkerExit?.({ worker: member.index, pid: worker.process.pid ?? 0, code, signal, running });
    });
  }));

  const stop = (): Promise<void> => {
    closing ??= Promise.all(members.map((member) => new Promise<void>((resolve) => {
      if (!member.alive) return resolve();
      const kill = setTimeout(() => member.worker.process.kill('SIGKILL'), resolved.shutdownTimeoutMs + EXIT_GRACE_MS);
      member.worker.once('exit', () => {
        clearTimeout(kill);
        resolve();
      });
      // One that has not said hello may not hear messages yet; SIGTERM ends it either way.
      if (member.greeted) send(member, { t: 'shutdown' });
      else member.worker.process.kill('SIGTERM');
    }))).then(() => {
      pending.failOwner(undefined, 'the gateway is closed');
      if (started) logger.info('gateway closed');
    });
    return closing;
  };

  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([Promise.all(ready), new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new GatewayError('E_WORKER_UNAVAILABLE', `the gateway workers did not all listen within ${START_TIMEOUT_MS} ms`)), START_TIMEOUT_MS);
    })]);
  } catch (error) {
    await stop();
    throw error;
  } finally {
    clearTimeout(timer);
  }
  started = true;
  facts.startedAt = Date.now();
  const where = members[0]?.listening as NonNullable<Member['listening']>;
  const pids = members.map((m) => m.worker.process.pid ?? 0);
  const urls = members.map((m) => (m.listening as NonNullable<Member['listening']>).url);
  const on = rest.exclusivePort ? `${urls.join(', ')} (a port per worker)` : where.url;
  logger.info(`listening on ${on} with ${total} worker processes (pids ${pids.join(', ')}); worker k draws from seed ${resolved.seed} + k − 1`);
  return {
    ...where, urls, seed: resolved.seed, workers: total, pids, close: stop,
    outage: (durationMs) => answerForAll({ kind: 'outage', durationMs }, live(), facts) as Promise<OutageAnswer>,
    get running() { return members.filter((m) => m.alive).length; },
  };
}
