import type { CallErrorKind } from './errors.js';
import type { FrameFault, FrameProblem } from './frame.js';
import type { OcppVersion } from './versions.js';

/**
 * What a receiver does with a frame it cannot parse, per version (see ../shared/ocpp-brief.md §2.5):
 * a CALLERROR of a kind, or `drop` (log and count, no reply).
 * - Not JSON / not an array: 1.6 is silent, we answer FormationViolation with id "-1";
 *   2.0.1 answers RpcFrameworkError with id "-1" (OCPP-J 2.0.1 §4.2.3).
 * - Unknown message type: 1.6 ignores it (OCPP-J 1.6 §4.1.3); 2.0.1 answers MessageTypeNotSupported (§4.4).
 * - A malformed CALLRESULT/CALLERROR is never answered: a response gets no response.
 */
const FRAME_POLICY: Record<FrameFault, Record<OcppVersion, CallErrorKind | 'drop'>> = {
  'not-json': { 'ocpp1.6': 'FormatViolation', 'ocpp2.0.1': 'RpcFrameworkError' },
  'not-array': { 'ocpp1.6': 'FormatViolation', 'ocpp2.0.1': 'RpcFrameworkError' },
  'unknown-message-type': { 'ocpp1.6': 'drop', 'ocpp2.0.1': 'MessageTypeNotSupported' },
  'bad-message-id': { 'ocpp1.6': 'FormatViolation', 'ocpp2.0.1': 'RpcFrameworkError' },
  'bad-call': { 'ocpp1.6': 'FormatViolation', 'ocpp2.0.1': 'FormatViolation' },
  'bad-call-result': { 'ocpp1.6': 'drop', 'ocpp2.0.1': 'drop' },
  'bad-call-error': { 'ocpp1.6': 'drop', 'ocpp2.0.1': 'drop' },
};

/** Message id used in a CALLERROR when the offending frame's id could not be read (OCPP-J 2.0.1 §4.2.3). */
export const UNREADABLE_ID = '-1';

/** The CALLERROR to send for an unparseable frame, or undefined to drop it. */
export function replyForBadFrame(version: OcppVersion, problem: FrameProblem): { id: string; kind: CallErrorKind } | undefined {
  const kind = FRAME_POLICY[problem.fault][version];
  if (kind === 'drop') return undefined;
  // A response (type 3/4) with a broken id is still a response: never answer it.
  if (problem.fault === 'bad-message-id' && problem.messageType !== 2) return undefined;
  return { id: problem.id ?? UNREADABLE_ID, kind };
}

/**
 * Schema keyword that failed → CallError meaning, following the code definitions of
 * OCPP-J 1.6 §4.2.3 Table 7 and 2.0.1 §4.3 Table 8: a missing field or wrong cardinality is an
 * occurrence violation, a wrong JSON type a type violation, a bad value (enum, range, length,
 * pattern, format) a property violation, a structure the PDU does not allow a format violation.
 */
const SCHEMA_KEYWORD_KIND: Record<string, CallErrorKind> = {
  required: 'OccurrenceConstraintViolation',
  minItems: 'OccurrenceConstraintViolation',
  maxItems: 'OccurrenceConstraintViolation',
  minProperties: 'OccurrenceConstraintViolation',
  maxProperties: 'OccurrenceConstraintViolation',
  type: 'TypeConstraintViolation',
  enum: 'PropertyConstraintViolation',
  const: 'PropertyConstraintViolation',
  pattern: 'PropertyConstraintViolation',
  format: 'PropertyConstraintViolation',
  maxLength: 'PropertyConstraintViolation',
  minLength: 'PropertyConstraintViolation',
  maximum: 'PropertyConstraintViolation',
  minimum: 'PropertyConstraintViolation',
  exclusiveMaximum: 'PropertyConstraintViolation',
  exclusiveMinimum: 'PropertyConstraintViolation',
  multipleOf: 'PropertyConstraintViolation',
  additionalProperties: 'FormatViolation',
};

/** The CallError kind for a failed JSON-schema keyword; anything unlisted is a format violation. */
export function kindForSchemaKeyword(keyword: string): CallErrorKind {
  return Object.hasOwn(SCHEMA_KEYWORD_KIND, keyword) ? (SCHEMA_KEYWORD_KIND[keyword] as CallErrorKind) : 'FormatViolation';
}
