import { test } from 'node:test';
import assert from 'node:assert/strict';
import { classifyWsError, closeCodeOfWsError, TransportError, type TransportErrorCode } from '../../src/transport/errors.js';

const URL = 'ws://127.0.0.1:9/ocpp/CP001';

function wsError(message: string, code?: string): Error & { code?: string } {
  const error: Error & { code?: string } = new Error(message);
  if (code !== undefined) error.code = code;
  return error;
}

// Messages as the `ws` client (v8) words them, and system errors as Node reports them.
const CASES: Array<{ error: Error & { code?: string }; code: TransportErrorCode; status?: number; fatal: boolean; errno?: string; label: string }> = [
  { error: wsError('Unexpected server response: 401'), code: 'E_HTTP_STATUS', status: 401, fatal: true, label: 'http-401' },
  { error: wsError('Unexpected server response: 403'), code: 'E_HTTP_STATUS', status: 403, fatal: true, label: 'http-403' },
  { error: wsError('Unexpected server response: 404'), code: 'E_HTTP_STATUS', status: 404, fatal: false, label: 'http-404' },
  { error: wsError('Unexpected server response: 500'), code: 'E_HTTP_STATUS', status: 500, fatal: false, label: 'http-500' },
  { error: wsError('Unexpected server response: 503'), code: 'E_HTTP_STATUS', status: 503, fatal: false, label: 'http-503' },
  { error: wsError('Server sent no subprotocol'), code: 'E_SUBPROTOCOL', fatal: true, label: 'E_SUBPROTOCOL' },
  { error: wsError('Server sent an invalid subprotocol'), code: 'E_SUBPROTOCOL', fatal: true, label: 'E_SUBPROTOCOL' },
  { error: wsError('Opening handshake has timed out'), code: 'E_HANDSHAKE_TIMEOUT', fatal: false, label: 'E_HANDSHAKE_TIMEOUT' },
  { error: wsError('connect ECONNREFUSED 127.0.0.1:9', 'ECONNREFUSED'), code: 'E_CONNECT', fatal: false, errno: 'ECONNREFUSED', label: 'ECONNREFUSED' },
  { error: wsError('getaddrinfo ENOTFOUND csms.invalid', 'ENOTFOUND'), code: 'E_CONNECT', fatal: false, errno: 'ENOTFOUND', label: 'ENOTFOUND' },
  { error: wsError('socket hang up', 'ECONNRESET'), code: 'E_CONNECT', fatal: false, errno: 'ECONNRESET', label: 'ECONNRESET' },
  { error: wsError('Invalid Sec-WebSocket-Accept header'), code: 'E_SOCKET', fatal: false, label: 'E_SOCKET' },
];

test('classifyWsError names the cause of a failed connection attempt with a code, status, errno and fatality', () => {
  for (const { error, code, status, fatal, errno, label } of CASES) {
    const classified = classifyWsError(error, URL);
    assert.ok(classified instanceof TransportError, error.message);
    assert.equal(classified.code, code, error.message);
    assert.equal(classified.status, status, error.message);
    assert.equal(classified.fatal, fatal, error.message);
    assert.equal(classified.errno, errno, error.message);
    assert.equal(classified.label, label, error.message);
    assert.ok(classified.message.startsWith(URL), `the message names the URL: ${classified.message}`);
  }
});

test('an errno missing from the system message is added to the description', () => {
  const classified = classifyWsError(wsError('', 'ECONNREFUSED'), URL);
  assert.match(classified.message, /ECONNREFUSED/);
});

test('a ws receiver error maps to the close code ws sent for it; other errors to none', () => {
  const receiverError = (code: string): Error & { code: string } => Object.assign(new Error(code), { code });
  assert.equal(closeCodeOfWsError(receiverError('WS_ERR_INVALID_UTF8')), 1007);
  assert.equal(closeCodeOfWsError(receiverError('WS_ERR_UNSUPPORTED_MESSAGE_LENGTH')), 1009);
  assert.equal(closeCodeOfWsError(receiverError('WS_ERR_UNSUPPORTED_DATA_PAYLOAD_LENGTH')), 1009);
  assert.equal(closeCodeOfWsError(receiverError('WS_ERR_TOO_MANY_BUFFERED_PARTS')), 1008);
  assert.equal(closeCodeOfWsError(receiverError('WS_ERR_INVALID_OPCODE')), 1002);
  assert.equal(closeCodeOfWsError(receiverError('ECONNRESET')), undefined);
  assert.equal(closeCodeOfWsError(new Error('plain')), undefined);
});
