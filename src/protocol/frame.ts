import { MAX_FRAME_DEPTH, describeValue, nestedDeeperThan } from './json-depth.js';

/** OCPP-J message type numbers (OCPP-J 1.6 §4.1.3, 2.0.1 §4.1.3; 5 and 6 exist in 2.1 only, OCPP-J 2.1 §4.1.3). */
export const CALL = 2;
export const CALLRESULT = 3;
export const CALLERROR = 4;
export const CALLRESULTERROR = 5;
export const SEND = 6;

/** The message types of OCPP-J 1.6 and 2.0.1: what `parseFrame` accepts unless told otherwise. */
export const CORE_MESSAGE_TYPES: readonly number[] = Object.freeze([CALL, CALLRESULT, CALLERROR]);

/** Longest message id allowed: string of at most 36 characters (OCPP-J 1.6 §4.1.4). */
export const MAX_MESSAGE_ID_LENGTH = 36;

export type Payload = Record<string, unknown>;

export interface CallFrame { type: typeof CALL; id: string; action: string; payload: Payload }
export interface CallResultFrame { type: typeof CALLRESULT; id: string; payload: Payload }
export interface CallErrorFrame {
  type: typeof CALLERROR; id: string; code: string; description: string; details: Payload;
}
/** 2.1: the answer to a CALLRESULT that failed validation; never answered itself. */
export interface CallResultErrorFrame {
  type: typeof CALLRESULTERROR; id: string; code: string; description: string; details: Payload;
}
/** 2.1: an unconfirmed message; the receiver never answers it. */
export interface SendFrame { type: typeof SEND; id: string; action: string; payload: Payload }
export type Frame = CallFrame | CallResultFrame | CallErrorFrame | CallResultErrorFrame | SendFrame;

/**
 * Why a text is not a valid frame. `id` is the message id when it could be read, so a
 * CALLERROR can echo it; `messageType` is the type number when it could be read.
 */
export type FrameFault =
  | 'not-json'
  | 'not-array'
  | 'unknown-message-type'
  | 'bad-message-id'
  | 'bad-call'
  | 'bad-call-result'
  | 'bad-call-error'
  | 'bad-call-result-error'
  | 'bad-send';

export interface FrameProblem {
  fault: FrameFault;
  reason: string;
  id?: string;
  messageType?: number;
}

export type ParseResult = { ok: true; frame: Frame } | { ok: false; problem: FrameProblem };

function isObject(value: unknown): value is Payload {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function fail(fault: FrameFault, reason: string, id?: string, messageType?: number): ParseResult {
  const problem: FrameProblem = { fault, reason };
  if (id !== undefined) problem.id = id;
  if (messageType !== undefined) problem.messageType = messageType;
  return { ok: false, problem };
}

/**
 * Parses one OCPP-J text frame. Pure: never throws on any text, says exactly what is wrong.
 * `messageTypes` are the types the connection's version defines (its registry row); any other is
 * an unknown message type, so 1.6 and 2.0.1 refuse 5 and 6 as their texts say. A frame nested
 * deeper than MAX_FRAME_DEPTH is refused with the fault its message type calls for (a CALL's is
 * answered with its id), so no deep value ever reaches a recursive walk.
 */
export function parseFrame(text: string, messageTypes: readonly number[] = CORE_MESSAGE_TYPES): ParseResult {
  let data: unknown;
  try {
    // JSON.parse itself is not recursive in V8: it reads any depth; what comes after might not.
    data = JSON.parse(text);
  } catch {
    return fail('not-json', 'message is not valid JSON');
  }
  if (!Array.isArray(data)) return fail('not-array', `message is ${describeValue(data)}, not a JSON array`);
  if (nestedDeeperThan(data)) return tooDeep(data, messageTypes);
  // Indexed reads, not destructuring: this runs for every message and the iterator protocol is slower.
  const type: unknown = data[0];
  const id: unknown = data[1];
  if (typeof type !== 'number' || !messageTypes.includes(type)) {
    const readableId = typeof id === 'string' && id.length > 0 && id.length <= MAX_MESSAGE_ID_LENGTH ? id : undefined;
    return fail('unknown-message-type', `unknown message type ${describeValue(type)}`, readableId,
      typeof type === 'number' ? type : undefined);
  }
  if (typeof id !== 'string' || id.length === 0) {
    return fail('bad-message-id', 'message id must be a non-empty string', undefined, type);
  }
  if (id.length > MAX_MESSAGE_ID_LENGTH) {
    return fail('bad-message-id', `message id is longer than ${MAX_MESSAGE_ID_LENGTH} characters`, undefined, type);
  }
  if (type === CALL || type === SEND) {
    const [name, fault] = type === CALL ? ['CALL', 'bad-call'] as const : ['SEND', 'bad-send'] as const;
    const action: unknown = data[2];
    const payload: unknown = data[3];
    if (data.length !== 4) return fail(fault, `${name} must have 4 elements, got ${data.length}`, id, type);
    if (typeof action !== 'string' || action.length === 0) return fail(fault, `${name} action must be a non-empty string`, id, type);
    if (!isObject(payload)) return fail(fault, `${name} payload must be a JSON object`, id, type);
    return { ok: true, frame: { type, id, action, payload } };
  }
  if (type === CALLRESULT) {
    const payload: unknown = data[2];
    if (data.length !== 3) return fail('bad-call-result', `CALLRESULT must have 3 elements, got ${data.length}`, id, type);
    if (!isObject(payload)) return fail('bad-call-result', 'CALLRESULT payload must be a JSON object', id, type);
    return { ok: true, frame: { type, id, payload } };
  }
  const [name, fault] = type === CALLERROR ? ['CALLERROR', 'bad-call-error'] as const : ['CALLRESULTERROR', 'bad-call-result-error'] as const;
  const code: unknown = data[2];
  const description: unknown = data[3];
  const details: unknown = data[4];
  if (data.length !== 5) return fail(fault, `${name} must have 5 elements, got ${data.length}`, id, type);
  if (typeof code !== 'string' || typeof description !== 'string' || !isObject(details)) {
    return fail(fault, `${name} needs a string code, a string description and an object of details`, id, type);
  }
  return { ok: true, frame: { type: type as typeof CALLERROR | typeof CALLRESULTERROR, id, code, description, details } };
}

const DEEP = `frame nested deeper than ${MAX_FRAME_DEPTH} levels`;

/** The fault of a frame nested too deep, by its message type, with its id when that can be read. */
function tooDeep(data: unknown[], messageTypes: readonly number[]): ParseResult {
  const type: unknown = typeof data[0] === 'number' && messageTypes.includes(data[0]) ? data[0] : undefined;
  const id: unknown = data[1];
  const readableId = typeof id === 'string' && id.length > 0 && id.length <= MAX_MESSAGE_ID_LENGTH ? id : undefined;
  if (readableId === undefined) return fail('not-json', DEEP);
  if (type === CALL) return fail('bad-call', DEEP, readableId, type);
  if (type === CALLRESULT) return fail('bad-call-result', DEEP, readableId, type);
  if (type === CALLERROR) return fail('bad-call-error', DEEP, readableId, type);
  if (type === CALLRESULTERROR) return fail('bad-call-result-error', DEEP, readableId, type);
  if (type === SEND) return fail('bad-send', DEEP, readableId, type);
  return fail('unknown-message-type', `${DEEP}, message type ${describeValue(data[0])}`, readableId, typeof data[0] === 'number' ? data[0] : undefined);
}

/** Serialises a frame to OCPP-J text; `parseFrame(serializeFrame(f))` gives back `f`. */
export function serializeFrame(frame: Frame): string {
  switch (frame.type) {
    case CALL: return JSON.stringify([CALL, frame.id, frame.action, frame.payload]);
    case CALLRESULT: return JSON.stringify([CALLRESULT, frame.id, frame.payload]);
    case CALLERROR:
    case CALLRESULTERROR: return JSON.stringify([frame.type, frame.id, frame.code, frame.description, frame.details]);
    case SEND: return JSON.stringify([SEND, frame.id, frame.action, frame.payload]);
  }
}
