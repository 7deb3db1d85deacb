import { versionSpec, type OcppVersion } from './versions.js';

/**
 * CallError codes by meaning. A version may spell some differently (1.6 keeps two typos, OCPP-J
 * 1.6 errata §5.1–5.2: its registry row's `errorSpelling`); `errorCodeFor` gives the spelling of a version.
 */
export type CallErrorKind =
  | 'NotImplemented'
  | 'NotSupported'
  | 'InternalError'
  | 'ProtocolError'
  | 'SecurityError'
  | 'FormatViolation'
  | 'PropertyConstraintViolation'
  | 'OccurrenceConstraintViolation'
  | 'TypeConstraintViolation'
  | 'GenericError'
  | 'MessageTypeNotSupported'
  | 'RpcFrameworkError';

/** The wire spelling of `kind` on a connection that negotiated `version`. */
export function errorCodeFor(version: OcppVersion, kind: CallErrorKind): string {
  return versionSpec(version).errorSpelling[kind] ?? kind;
}

const RECEIVED_SPELLINGS: Record<string, CallErrorKind> = {
  FormationViolation: 'FormatViolation',
  OccurenceConstraintViolation: 'OccurrenceConstraintViolation',
};

/** Maps a received error code, in either version's spelling, to its kind; unknown codes are GenericError. */
export function kindOfErrorCode(code: string): CallErrorKind {
  if (Object.hasOwn(RECEIVED_SPELLINGS, code)) return RECEIVED_SPELLINGS[code] as CallErrorKind;
  return KNOWN_KINDS.has(code) ? (code as CallErrorKind) : 'GenericError';
}

const KNOWN_KINDS: ReadonlySet<string> = new Set<CallErrorKind>([
  'NotImplemented', 'NotSupported', 'InternalError', 'ProtocolError', 'SecurityError',
  'FormatViolation', 'PropertyConstraintViolation', 'OccurrenceConstraintViolation',
  'TypeConstraintViolation', 'GenericError', 'MessageTypeNotSupported', 'RpcFrameworkError',
]);

/**
 * An OCPP-level failure that becomes (or came from) a CALLERROR. `kind` is the meaning;
 * `code` is the code as received, or undefined when it is ours to spell per version.
 */
export class OcppError extends Error {
  readonly kind: CallErrorKind;
  readonly details: Record<string, unknown>;
  readonly receivedCode: string | undefined;

  constructor(kind: CallErrorKind, description: string, details: Record<string, unknown> = {}, receivedCode?: string) {
    super(description);
    this.name = 'OcppError';
    this.kind = kind;
    this.details = details;
    this.receivedCode = receivedCode;
  }

  /** The code as the peer sent it, or this kind spelt for `version`. */
  codeFor(version: OcppVersion): string {
    return this.receivedCode ?? errorCodeFor(version, this.kind);
  }
}

/** Error codes of the RPC session and the transport, for failures that are not CALLERRORs. */
export type RpcErrorCode = 'E_CALL_TIMEOUT' | 'E_CLOSED' | 'E_INVALID_RESPONSE' | 'E_BUSY' | 'E_QUEUE_FULL';

/** A call that did not get an OCPP answer: timed out, connection closed, or the answer failed validation. */
export class RpcError extends Error {
  readonly code: RpcErrorCode;
  constructor(code: RpcErrorCode, message: string) {
    super(message);
    this.name = 'RpcError';
    this.code = code;
  }
}
