import { OcppError, type CallErrorKind } from '../protocol/errors.js';
import { CALLERROR, serializeFrame, type Payload } from '../protocol/frame.js';
import type { Direction, SchemaCheck } from '../protocol/validator.js';
import type { Misbehaviour } from './misbehaviours.js';

/** Misbehaviours the validator wrapper acts on: a schema failure kind answered as FormatViolation. */
const REMAPPED: ReadonlyArray<[Misbehaviour, CallErrorKind]> = [
  ['type-violation-format', 'TypeConstraintViolation'],
  ['occurrence-violation-format', 'OccurrenceConstraintViolation'],
  ['property-violation-format', 'PropertyConstraintViolation'],
];

/**
 * The gateway's validator with the schema misbehaviours of `on`: the wrong CallError for a
 * wrong type, a missing field or a bad value, an extra property let through, NotSupported for
 * an unknown action. The inner validator unchanged when none is on.
 */
export function misbehavingValidator(inner: SchemaCheck, on: ReadonlySet<Misbehaviour>): SchemaCheck {
  const remapped = new Set(REMAPPED.filter(([name]) => on.has(name)).map(([, kind]) => kind));
  const allowExtra = on.has('extra-property-allowed');
  const notSupported = on.has('unknown-action-not-supported');
  if (remapped.size === 0 && !allowExtra && !notSupported) return inner;
  return {
    version: inner.version,
    actions: inner.actions,
    validate(action: string, direction: Direction, payload: Payload): void {
      try {
        inner.validate(action, direction, payload);
      } catch (error) {
        if (!(error instanceof OcppError) || direction !== 'req') throw error;
        if (notSupported && error.kind === 'NotImplemented') throw new OcppError('NotSupported', `misbehaving on purpose: ${error.message}`);
        if (allowExtra && error.details.keyword === 'additionalProperties') return;
        if (remapped.has(error.kind)) throw new OcppError('FormatViolation', `misbehaving on purpose: ${error.message}`, error.details);
        throw error;
      }
    },
  };
}

/** What the wire misbehaviours may do to a connection. */
export interface WireTarget {
  send(text: string): void;
  close(code: number, reason: string): void;
  /** The message id of the gateway's own CALL awaiting an answer, if any. */
  readonly awaiting: string | undefined;
}

/** True when one of `on` acts on received frames, so the connection must look at them first. */
export const actsOnFrames = (on: ReadonlySet<Misbehaviour>): boolean =>
  on.has('not-json-closes') || on.has('unknown-type-closes') || on.has('malformed-generic-error') || on.has('answer-responses');

/**
 * Looks at one received frame before the session does, for the frame misbehaviours of `on`:
 * closes on text that is not JSON or of an unknown message type, answers a CALL without payload
 * GenericError, answers a response to no CALL of ours. Returns true when the frame was consumed.
 */
export function misbehaveOnFrame(text: string, on: ReadonlySet<Misbehaviour>, target: WireTarget): boolean {
  let frame: unknown;
  try {
    frame = JSON.parse(text);
  } catch {
    if (!on.has('not-json-closes')) return false;
    target.close(1002, 'misbehaving on purpose: not JSON');
    return true;
  }
  if (!Array.isArray(frame)) return false;
  const [type, id] = frame as [unknown, unknown];
  if (type !== 2 && type !== 3 && type !== 4) {
    if (!on.has('unknown-type-closes')) return false;
    target.close(1002, 'misbehaving on purpose: unknown message type');
    return true;
  }
  if (typeof id !== 'string') return false;
  const error = (code: string, description: string): void => target.send(serializeFrame({ type: CALLERROR, id, code, description, details: {} }));
  if (type === 2 && frame.length !== 4 && on.has('malformed-generic-error')) {
    error('GenericError', 'misbehaving on purpose: malformed CALL');
    return true;
  }
  if (type !== 2 && id !== target.awaiting && on.has('answer-responses')) {
    error('GenericError', 'misbehaving on purpose: answering a response');
    return false;
  }
  return false;
}
