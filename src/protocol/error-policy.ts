import type { CallErrorKind } from './errors.js';
import type { FrameProblem } from './frame.js';
import { versionSpec, type OcppVersion } from './versions.js';

/** Message id used in a CALLERROR when the offending frame's id could not be read (OCPP-J 2.0.1 §4.2.3). */
export const UNREADABLE_ID = '-1';

/**
 * The CALLERROR to send for an unparseable frame, or undefined to drop it: the kind comes from the
 * version's `framePolicy` (see ../shared/ocpp-brief.md §2.5); a response is never answered.
 */
export function replyForBadFrame(version: OcppVersion, problem: FrameProblem): { id: string; kind: CallErrorKind } | undefined {
  const kind = versionSpec(version).framePolicy[problem.fault];
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
