import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { OCPPClient, OCPPServer, getStandardValidators } from 'ocpp-ws-io';
import { parseScenario } from '../../src/chargepoint/scenario/loader.js';
import { startGateway } from '../../src/gateway/server.js';
import { minimalPayload } from '../../src/protocol/minimal-payload.js';
import { schemasOf, versionSpec } from '../../src/protocol/versions.js';
import { Fleet } from '../../src/runner/fleet.js';
import { fleetOptions } from '../helpers/fleet-options.js';
import { waitUntil } from '../helpers/poll.js';
import { repoRoot } from '../helpers/repo-root.js';

// Interop with an independent OCPP 2.1 implementation: ocpp-ws-io 2.3.2 (its own RPC client and
// server, strict mode on, validating every message with the 2.1 schemas it bundles, not with
// typed-ocpp's that ocpp-sim uses). Its logger dependency voltlog-io is not on the registry
// here and is replaced by test/fixtures/voltlog-io (package.json overrides); nothing else is.
// ocpp-ws-io has no SEND (message types 2–4 only), so SENDs are checked against its schemas
// directly.

type Params = Record<string, unknown>;
const spec = versionSpec('ocpp2.1');
const theirs = getStandardValidators(['ocpp2.1'])[0] as { validate(schemaId: string, params: unknown): void };
const request = (action: string): Params => minimalPayload(schemasOf('ocpp2.1').get(`${action}.req`) as Params);
const answer = (action: string): Params => minimalPayload(schemasOf('ocpp2.1').get(`${action}.conf`) as Params);
const BOOT = { reason: 'PowerUp', chargingStation: { model: 'Sim-1', vendorName: 'Acme' } };

test('an ocpp-ws-io 2.1 client in strict mode and the gateway exchange every station-initiated action and CSMS calls with zero schema violations', async () => {
  const gateway = await startGateway({ port: 0 });
  const violations: string[] = [];
  const client = new OCPPClient({ endpoint: gateway.url, identity: 'OWS-CS', protocols: ['ocpp2.1'], strictMode: true, reconnect: false, pingIntervalMs: 0 });
  client.on('strictValidationFailure', (event: { error?: Error }) => violations.push(String(event.error?.message ?? event.error)));
  // What the gateway sends to the station: answered with the smallest valid answer, checked by ocpp-ws-io on the way in and out.
  const received: string[] = [];
  client.handle((method: string) => {
    received.push(method);
    return answer(method);
  });
  try {
    await client.connect();
    assert.equal(client.protocol, 'ocpp2.1');
    assert.equal((await client.call('BootNotification', BOOT) as Params).status, 'Accepted');
    let calls = 1;
    for (const action of spec.fromChargePoint) {
      if (action === 'BootNotification' || spec.sendActions.includes(action)) continue;
      // ocpp-ws-io checks our answer against its schema; the gateway checks the request against ours.
      await client.call(action, request(action));
      calls++;
    }
    const csmsCalls: Array<[string, Params]> = [
      ['GetVariables', { getVariableData: [{ component: { name: 'OCPPCommCtrlr' }, variable: { name: 'HeartbeatInterval' } }] }],
      ['Reset', { type: 'OnIdle' }],
      ['TriggerMessage', { requestedMessage: 'Heartbeat' }],
      ['RequestStartTransaction', { idToken: { idToken: 'TAG-1', type: 'ISO14443' }, remoteStartId: 1 }],
      ['AdjustPeriodicEventStream', { id: 1, params: { interval: 5, values: 2 } }],
      ['GetPeriodicEventStream', {}],
    ];
    for (const [action, payload] of csmsCalls) await gateway.call('OWS-CS', action, payload);
    assert.deepEqual(received, csmsCalls.map(([action]) => action));
    assert.equal(calls, spec.fromChargePoint.length - spec.sendActions.length);
    assert.deepEqual(violations, []);
    assert.doesNotMatch(gateway.metrics(), /^ocpp_call_errors_total\{/m, 'the gateway sent no CALLERROR');
  } finally {
    await client.close();
    await gateway.close();
  }
});

test('2.1 charge points running charging-session-21 against an ocpp-ws-io strict server: zero schema violations either way, SENDs valid by its schemas', async () => {
  const server = new OCPPServer({ protocols: ['ocpp2.1'], strictMode: true });
  const violations: string[] = [];
  const seen = new Map<string, number>();
  server.on('client', (client: OCPPClient) => {
    client.on('strictValidationFailure', (event: { error?: Error }) => violations.push(String(event.error?.message ?? event.error)));
    client.handle((method: string) => {
      seen.set(method, (seen.get(method) ?? 0) + 1);
      if (method === 'BootNotification') return { status: 'Accepted', currentTime: new Date().toISOString(), interval: 60 };
      if (method === 'Authorize') return { idTokenInfo: { status: 'Accepted' } };
      if (method === 'OpenPeriodicEventStream') return { status: 'Accepted' };
      return answer(method);
    });
  });
  const http = await server.listen(0, '127.0.0.1');
  const url = `ws://127.0.0.1:${(http.address() as AddressInfo).port}`;
  const file = join(repoRoot(), 'scenarios', 'charging-session-21.yaml');
  const dir = mkdtempSync(join(tmpdir(), 'ocpp-sim-interop-'));
  const trace = join(dir, 'trace.ndjson');
  const fleet = new Fleet(fleetOptions(url, { count: 2, scenario: parseScenario(readFileSync(file, 'utf8'), file), trace: { file: trace } }));
  fleet.start();
  try {
    await waitUntil(() => (seen.get('TransactionEvent') ?? 0) >= 2 * 3 && (seen.get('ClosePeriodicEventStream') ?? 0) >= 2, 20_000, 'two sessions with their streams to end');
    for (const action of ['BootNotification', 'StatusNotification', 'Authorize', 'TransactionEvent', 'OpenPeriodicEventStream', 'ClosePeriodicEventStream']) {
      assert.ok((seen.get(action) ?? 0) > 0, `ocpp-ws-io received ${action}`);
    }
    assert.deepEqual(violations, []);
    // ocpp-ws-io takes no SEND (it ignores type 6 without an answer): nothing came back that our charge points refused.
    assert.deepEqual(fleet.snapshot().metrics.recentErrors, []);
    const sends = readFileSync(trace, 'utf8').split('\n').filter(Boolean)
      .map((line) => JSON.parse(line) as { dir: string; frame: unknown[] }).filter((l) => l.dir === 'out' && l.frame[0] === 6);
    assert.ok(sends.length >= 2, `${sends.length} SENDs`);
    for (const { frame } of sends) assert.doesNotThrow(() => theirs.validate(`urn:${String(frame[2])}.req`, frame[3]), JSON.stringify(frame).slice(0, 200));
  } finally {
    await fleet.stop();
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  }
});
