import { OcppError, RpcError } from '../protocol/errors.js';
import { TransportError } from '../transport/errors.js';
import { CheckFailed } from './types.js';

/**
 * One line saying why a check failed: its own message for a CheckFailed; for an OCPP or
 * transport error, what the CSMS did (a CALLERROR with its code, no answer, an answer that broke
 * its schema, a refused connection).
 */
export function describeFailure(error: unknown): string {
  if (error instanceof CheckFailed) return error.message;
  if (error instanceof OcppError) {
    return error.receivedCode !== undefined
      ? `the CSMS answered CALLERROR ${error.receivedCode}${error.message ? `: ${error.message}` : ''}`
      : `our own payload failed its schema: ${error.message}`;
  }
  if (error instanceof RpcError) {
    if (error.code === 'E_INVALID_RESPONSE') return `the CSMS's answer broke its schema: ${error.message}`;
    if (error.code === 'E_CALL_TIMEOUT') return `no answer from the CSMS: ${error.message}`;
    return `the CSMS closed the connection: ${error.message}`;
  }
  if (error instanceof TransportError) return `connection failed: ${error.message}`;
  const message = error instanceof Error ? error.message : String(error);
  const code = (error as { code?: unknown } | null)?.code;
  return `${message}${typeof code === 'string' ? ` (${code})` : ''}`;
}
