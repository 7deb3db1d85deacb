import type { Payload } from '../../protocol/frame.js';
import type { CallOutcome } from '../call-api.js';
import type { ConnectionInfo } from '../charge-point-connection.js';
import type { HealthFacts } from '../http-endpoints.js';
import type { LogEntry } from '../logger.js';
import type { GatewayOptions } from '../options.js';
import type { OutageAnswer } from '../outage.js';
import type { Accepted } from './accepted-batch.js';

/** A question about the gateway: asked of one worker (its own share) or of the primary (the whole). */
export type Query =
  | { kind: 'health' }
  | { kind: 'connections' }
  | { kind: 'metrics' }
  /** When the worker holds `chargePointId`: the epoch ms its connection opened; else null. */
  | { kind: 'locate'; chargePointId: string }
  | { kind: 'call'; chargePointId: string; action: string; payload: Payload }
  | { kind: 'broadcast'; action: string; payload: Payload; prefix: string | undefined }
  | { kind: 'outage'; durationMs: number };

/** The answer to each kind of query. */
export interface Answers {
  health: HealthFacts;
  connections: Record<string, ConnectionInfo>;
  metrics: string;
  locate: number | null;
  call: CallOutcome;
  broadcast: Record<string, CallOutcome['body']>;
  outage: OutageAnswer;
}

/** A failed query, as it crosses the process boundary. */
export interface WireError {
  code: string | undefined;
  message: string;
}

/** What a worker's gateway starts with: plain data only (hooks and handlers cannot cross processes). */
export type WorkerGatewayOptions = Omit<GatewayOptions, 'log' | 'handlers' | 'onConnect' | 'onDisconnect' | 'onMessage' | 'onError'>;

/** Primary → worker. */
export type ToWorker =
  /** Start the gateway; `forwardLogs`: send log records back (at `options.logLevel`). */
  | { t: 'start'; index: number; options: WorkerGatewayOptions; forwardLogs: boolean }
  /** A question about this worker's own share. */
  | { t: 'query'; id: number; query: Query }
  /** The answer to this worker's `ask`. */
  | { t: 'reply'; id: number; answer?: unknown; error?: WireError }
  /** Worker `from` accepted these ids, each at its time (epoch ms): close a connection with such an id it supersedes. */
  | { t: 'evict'; from: number; accepted: Accepted[] }
  /** Close gracefully, then exit 0. */
  | { t: 'shutdown' };

/** Worker → primary. */
export type FromWorker =
  /** The worker listens for messages: send it `start`. */
  | { t: 'hello' }
  | { t: 'ready'; port: number; url: string; httpUrl: string }
  | { t: 'failed'; error: WireError }
  | { t: 'log'; line: string; entry: LogEntry | undefined }
  /** Ids this worker accepted, each at its time (epoch ms), in batches (accepted-batch.ts). */
  | { t: 'connected'; accepted: Accepted[] }
  /** The HTTP endpoints need an answer for the whole gateway. */
  | { t: 'ask'; id: number; query: Query }
  | { t: 'answer'; id: number; answer?: unknown; error?: WireError };

/** How long a worker may take to answer a read or a `locate`, in ms. */
export const QUERY_TIMEOUT_MS = 5_000;
/** How long past the call timeout a call or broadcast may take (it may wait in line behind earlier calls), in ms. */
export const CALL_GRACE_MS = 10_000;
/** How long the primary waits for every worker to listen, in ms. */
export const START_TIMEOUT_MS = 15_000;

/** The bound on answering `query`, in ms, for a gateway whose calls time out after `callTimeoutMs`. */
export function queryTimeoutMs(query: Query, callTimeoutMs: number): number {
  return query.kind === 'call' || query.kind === 'broadcast' ? callTimeoutMs + CALL_GRACE_MS : QUERY_TIMEOUT_MS;
}

/** An error as it crosses the process boundary, keeping its string `code` (EADDRINUSE, E_UNKNOWN_CHARGE_POINT …). */
export function toWire(error: unknown): WireError {
  const code = (error as { code?: unknown }).code;
  return { code: typeof code === 'string' ? code : undefined, message: error instanceof Error ? error.message : String(error) };
}

/** A WireError back as an Error with its `code`. */
export function fromWire(wire: WireError): Error & { code?: string } {
  const error: Error & { code?: string } = new Error(wire.message);
  if (wire.code !== undefined) error.code = wire.code;
  return error;
}
