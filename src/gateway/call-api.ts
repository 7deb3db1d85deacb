import type { IncomingMessage } from 'node:http';
import { OcppError, RpcError, type RpcErrorCode } from '../protocol/errors.js';
import type { Payload } from '../protocol/frame.js';
import { MAX_FRAME_DEPTH, nestedDeeperThan } from '../protocol/json-depth.js';
import { GatewayError } from './errors.js';

/** Largest request body the call API reads, in bytes. */
export const MAX_BODY_BYTES = 1_048_576;

/** A call API request: `{"action": "Reset", "payload": {...}, "prefix"?: "CP-"}`. */
export interface CallRequest {
  action: string;
  payload: Payload;
  prefix: string | undefined;
}

/** The answer to one call, as the API sends it: HTTP status and JSON body. */
export interface CallOutcome {
  status: number;
  body: { result: Payload } | { error: { code: string; description: string; details?: Record<string, unknown> } };
}

/** A request the API refuses before calling anyone: status 400 or 413 and a message. */
export class BadRequest extends Error {
  constructor(readonly status: number, message: string) {
    super(message);
  }
}

/**
 * Reads the body as UTF-8 JSON; rejects with BadRequest 413 past MAX_BODY_BYTES, 400 when it is
 * not JSON or nests deeper than MAX_FRAME_DEPTH (the frame built from it could not be sent).
 */
export async function readJsonBody(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) throw new BadRequest(413, `request body larger than ${MAX_BODY_BYTES} bytes`);
    chunks.push(chunk as Buffer);
  }
  let body: unknown;
  try {
    body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
  } catch (error) {
    throw new BadRequest(400, `request body is not valid JSON: ${(error as Error).message}`);
  }
  if (nestedDeeperThan(body)) throw new BadRequest(400, `request body is nested deeper than ${MAX_FRAME_DEPTH} levels`);
  return body;
}

/** Checks a parsed body; throws BadRequest 400 naming what is wrong. */
export function parseCallRequest(body: unknown): CallRequest {
  const b = body as Record<string, unknown> | null;
  if (typeof b !== 'object' || b === null || Array.isArray(b)) throw new BadRequest(400, 'body must be a JSON object {"action": ..., "payload": {...}}');
  if (typeof b.action !== 'string' || !/^[A-Za-z0-9]+$/.test(b.action)) throw new BadRequest(400, '"action" must be an OCPP action name such as "Reset"');
  const payload = b.payload ?? {};
  if (typeof payload !== 'object' || payload === null || Array.isArray(payload)) throw new BadRequest(400, '"payload" must be a JSON object');
  if (b.prefix !== undefined && typeof b.prefix !== 'string') throw new BadRequest(400, '"prefix" must be a string');
  return { action: b.action, payload: payload as Payload, prefix: b.prefix as string | undefined };
}

// RPC failures with their own status; any other (closed, invalid answer) is a 502.
const RPC_STATUS: Partial<Record<RpcErrorCode, number>> = { E_CALL_TIMEOUT: 504, E_QUEUE_FULL: 429 };

/**
 * Maps the settled call to the API's answer: CALLRESULT → 200 `{result}`; a CALLERROR from the
 * charge point → 502 `{error: {code, description, details}}`; our own payload failing its schema
 * → 400; no answer in time → 504; the charge point gone mid-call or an invalid answer → 502;
 * maxQueuedCalls already waiting for that charge point → 429 at once; not connected → 404;
 * gateway closing → 503.
 */
export async function callOutcome(call: Promise<Payload>): Promise<CallOutcome> {
  try {
    return { status: 200, body: { result: await call } };
  } catch (error) {
    if (error instanceof OcppError) {
      // A locally raised OcppError (no code received) is the validator refusing our request payload.
      const status = error.receivedCode === undefined ? 400 : 502;
      return { status, body: { error: { code: error.receivedCode ?? error.kind, description: error.message, details: error.details } } };
    }
    if (error instanceof RpcError) return { status: RPC_STATUS[error.code] ?? 502, body: { error: { code: error.code, description: error.message } } };
    if (error instanceof GatewayError) {
      const status = error.code === 'E_UNKNOWN_CHARGE_POINT' ? 404 : 503;
      return { status, body: { error: { code: error.code, description: error.message } } };
    }
    return { status: 500, body: { error: { code: 'E_INTERNAL', description: error instanceof Error ? error.message : String(error) } } };
  }
}
