import { test } from 'node:test';
import assert from 'node:assert/strict';
import { request } from 'node:http';
import WebSocket from 'ws';
import { MAX_IDENTITY_LENGTH, parseIdentity } from '../../src/gateway/identity.js';
import { escapeForLog, type LogEntry } from '../../src/gateway/logger.js';
import { startGateway, type Gateway } from '../../src/gateway/server.js';
import { waitUntil } from '../helpers/poll.js';
import { withTimeout } from '../helpers/wait.js';
import { OcppTestClient, WAIT_MS } from './ocpp-test-client.js';

// Charge point identities by OCPP's rules (identifierString, at most 48 characters, OCPP-J
// 2.0.1 §3.1.1), checked before the upgrade: anything else gets 400 with the reason.

test('identities: identifierString characters, 1 to 48 of them, percent-decoded; anything else refused with a reason', () => {
  const ok: Array<[string, string]> = [
    ['CP-001', 'CP-001'], ['RDAM%7C123', 'RDAM|123'], ['a:b', 'a:b'], ['x*y_z=1+2@site.example', 'x*y_z=1+2@site.example'],
    ['A'.repeat(MAX_IDENTITY_LENGTH), 'A'.repeat(48)], ['...x', '...x'],
  ];
  for (const [segment, id] of ok) assert.deepEqual(parseIdentity(segment), { id }, segment);
  const refused: Array<[string, RegExp]> = [
    ['%2e%2e', /'\.\.' is a relative path segment/], ['.', /relative path segment/], ['a%2Fb', /contains '\/'/], ['a%00b', /contains U\+0000/],
    ['a%0d%0aINJECT', /contains U\+000D/], ['RDAM%20123', /contains U\+0020/], ['%E2%80%A8', /contains U\+2028/], ['caf%C3%A9', /contains U\+00E9/],
    ['a%3Cscript%3E', /contains '<'/], ['A'.repeat(49), /49 characters long; OCPP allows at most 48/], ['x'.repeat(15_000), /15000 characters long/],
    ['%E0%A4%A', /not valid percent-encoding/], ['%', /not valid percent-encoding/],
  ];
  for (const [segment, message] of refused) {
    const result = parseIdentity(segment);
    assert.ok('problem' in result, segment);
    assert.match(result.problem, message, segment);
    assert.doesNotMatch(result.problem, /[\u0000-\u001f\u2028]/, 'the reason quotes no raw control characters');
  }
});

/** The status and body of an upgrade request for `path`, sent raw. */
function upgrade(gateway: Gateway, path: string): Promise<{ status: number; body: string }> {
  return withTimeout(new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port: gateway.port, path, headers: {
      connection: 'Upgrade', upgrade: 'websocket', 'sec-websocket-version': '13', 'sec-websocket-key': 'dGhlIHNhbXBsZSBub25jZQ==', 'sec-websocket-protocol': 'ocpp1.6',
    } });
    req.on('response', (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString() }));
    });
    req.on('upgrade', (res, socket) => {
      socket.destroy();
      resolve({ status: res.statusCode ?? 101, body: '' });
    });
    req.on('error', reject);
    req.end();
  }), WAIT_MS, `upgrade ${path.slice(0, 40)}`);
}

test('malformed ids are refused with 400 and the reason before the upgrade, counted and logged on one line', async () => {
  const logs: LogEntry[] = [];
  const gateway = await startGateway({ port: 0, log: (_line, entry) => entry && logs.push(entry) });
  try {
    for (const segment of ['%2e%2e', 'a%2Fb', 'a%00b', 'a%0d%0aINJECT', 'x'.repeat(15_000), 'A'.repeat(49)]) {
      const answer = await upgrade(gateway, `/ocpp/${segment}`);
      assert.equal(answer.status, 400, segment.slice(0, 20));
      assert.match((JSON.parse(answer.body) as { error: string }).error, /charge point id/);
    }
    assert.equal((await upgrade(gateway, `/ocpp/${'A'.repeat(48)}`)).status, 101, '48 characters are fine');
    assert.match(gateway.metrics(), /^websocket_upgrades_refused_total\{status="400"\} 6$/m);
    const refusals = logs.filter((e) => / refused: 400 /.test(e.msg));
    assert.equal(refusals.length, 6);
    assert.ok(refusals.every((e) => !/[\r\n]/.test(e.msg) && e.msg.length < 400), 'one short line each');
    assert.ok(refusals.some((e) => /\(15006 characters\)/.test(e.msg)), 'a long URL is cut in the log');
  } finally {
    await gateway.close();
  }
});

test('log lines escape what a peer sends: a close reason with CR/LF cannot forge a second line', async () => {
  const lines: string[] = [];
  const gateway = await startGateway({ port: 0, log: (line) => lines.push(line) });
  try {
    const client = await OcppTestClient.connect(gateway.url, 'CP-LOG');
    client.ws.close(4001, 'bye\r\n2030-01-01T00:00:00Z INFO forged\u2028x');
    await waitUntil(() => lines.some((l) => /CP-LOG disconnected/.test(l)), WAIT_MS, 'the disconnect line');
    const line = lines.find((l) => /CP-LOG disconnected/.test(l)) as string;
    assert.equal(line, 'CP-LOG disconnected (4001 bye\\x0d\\x0a2030-01-01T00:00:00Z INFO forged\\u2028x)');
  } finally {
    await gateway.close();
  }
  assert.equal(escapeForLog('a\tb\u0085c\u007f'), 'a\\x09b\\x85c\\x7f');
  assert.equal(escapeForLog('plain — ünïcode'), 'plain — ünïcode');
});

test('an id the rules refuse never reaches the connection registry, whatever the client library sends', async () => {
  const gateway = await startGateway({ port: 0 });
  try {
    const outcome = await withTimeout(new Promise<string>((resolve) => {
      const ws = new WebSocket(`${gateway.url}/${encodeURIComponent('CP 1')}`, ['ocpp1.6']);
      ws.once('open', () => { ws.terminate(); resolve('open'); });
      ws.once('error', (error) => resolve(error.message));
    }), WAIT_MS, 'the handshake');
    assert.match(outcome, /Unexpected server response: 400/);
    assert.equal(gateway.connectionCount, 0);
  } finally {
    await gateway.close();
  }
});
