import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseScenario } from '../../../src/chargepoint/scenario/loader.js';
import { ScenarioError, type Scenario } from '../../../src/chargepoint/scenario/types.js';
import { startGateway, type Gateway } from '../../../src/gateway/server.js';
import type { Payload } from '../../../src/protocol/frame.js';
import { Fleet } from '../../../src/runner/fleet.js';
import type { GatewayOptions } from '../../../src/gateway/options.js';
import { csmsLog, type LoggedCall } from '../../helpers/csms-log.js';
import { fleetOptions } from '../../helpers/fleet-options.js';
import { waitUntil } from '../../helpers/poll.js';

// The device management steps (requestCall, updateFirmware, reserve, authorize) and the
// `firmware:` block: parsed with their problems, and run against the real embedded gateway,
// which sends the CALLs the charge point asks for.

const scenario = (protocol: string, steps: string, extra = ''): Scenario => parseScenario(`protocol: ${protocol}
chargePoint: { vendor: V, model: M, firmwareVersion: "1.0.0", connectors: 1 }
${extra}
steps:
  - boot
  - statusNotification: { connector: all, status: Available }
${steps}`, 'device-inline.yaml');

function problemsOf(text: string): string[] {
  try {
    parseScenario(text, 'bad.yaml');
    return [];
  } catch (error) {
    return (error as ScenarioError).problems.map((p) => `${p.line}: ${p.message}`);
  }
}

test('the firmware block and the device steps are parsed, with their defaults', () => {
  const s = scenario('ocpp1.6', `  - updateFirmware: { firmware: fw-2.0.bin, size: 1000, wave: { size: 5, every: 10s } }
  - updateFirmware: { location: "https://fw.example/fw-3.bin" }
  - reserve: { connector: 1, idTag: HOLDER }
  - authorize: { idTag: "{{random.idTag}}" }
  - requestCall: { action: ChangeConfiguration, payload: { key: LocalPreAuthorize, value: "true" } }`, 'firmware: { downloadTime: 500ms, installTime: 1s, failureRatio: 0.25, maxSize: 2MiB, timeout: 30s, logSize: 512KiB }');
  assert.deepEqual(s.firmware, { downloadMs: 500, installMs: 1000, failureRatio: 0.25, maxBytes: 2 * 1024 * 1024, timeoutMs: 30_000, logBytes: 512 * 1024 });
  assert.deepEqual(s.steps.slice(2).map((step) => ({ ...step, line: 0 })), [
    { type: 'updateFirmware', line: 0, location: 'gateway:/firmware/fw-2.0.bin?size=1000', wave: { size: 5, everyMs: 10_000 } },
    { type: 'updateFirmware', line: 0, location: 'https://fw.example/fw-3.bin' },
    { type: 'reserve', line: 0, connector: 1, idTag: 'HOLDER', expiryMs: 60_000 },
    { type: 'authorize', line: 0, idTag: '{{random.idTag}}' },
    { type: 'requestCall', line: 0, action: 'ChangeConfiguration', payload: { key: 'LocalPreAuthorize', value: 'true' } },
  ]);
});

test('bad device steps and firmware settings are reported with their lines', () => {
  const problems = problemsOf(`protocol: ocpp1.6
firmware: { failureRatio: 2, maxSize: 1TiB, colour: red }
steps:
  - updateFirmware: { firmware: ../etc/passwd }
  - updateFirmware: {}
  - reserve: { connector: 7, idTag: A }
  - authorize: {}
  - requestCall: { action: BootNotification, payload: { chargePointVendor: V, chargePointModel: M } }
  - requestCall: { action: UpdateFirmware, payload: { location: 5, retrieveDate: "2030-01-01T00:00:00Z" } }
`);
  const expected = [
    /^2: unknown firmware key 'colour'/, /^2: firmware.failureRatio must be a number from 0 to 1/, /^2: firmware.maxSize must be a size/,
    /^4: updateFirmware.firmware must be a file name/, /^5: updateFirmware needs either firmware/, /^6: reserve.connector/, /^7: authorize.idTag is required/,
    /^8: requestCall: BootNotification is sent by charge points/, /^9: .*location/,
  ];
  for (const pattern of expected) assert.ok(problems.some((p) => pattern.test(p)), `${pattern} in ${JSON.stringify(problems)}`);
});

interface Run { gateway: Gateway; fleet: Fleet; seen: LoggedCall[]; close(): Promise<void> }

async function run(s: Scenario, handlers?: GatewayOptions['handlers']): Promise<Run> {
  const log = csmsLog();
  const gateway = await startGateway({ port: 0, heartbeatIntervalSec: 60, onMessage: log.onMessage, ...(handlers ? { handlers } : {}) });
  const seen = log.calls;
  const fleet = new Fleet(fleetOptions(gateway.url, { scenario: s }));
  fleet.start();
  return { gateway, fleet, seen, async close() { await fleet.stop(); await gateway.close(); } };
}

const failures = (fleet: Fleet): string[] => Object.entries(fleet.snapshot().metrics.steps).flatMap(([key, c]) => c.samples.map((f) => `${key.replace(/^.*:/, '')}: ${f.detail}`));
/** Checks recorded for the steps of one type. */
const checksOf = (fleet: Fleet, type: string): number => Object.entries(fleet.snapshot().metrics.steps).filter(([key]) => key.endsWith(` ${type}`)).reduce((n, [, c]) => n + c.checks, 0);

test('authorize consults the local list a requestCall sent: a listed tag starts without Authorize when pre-authorization is on', async () => {
  const s = scenario('ocpp1.6', `  - requestCall: { action: SendLocalList, payload: { listVersion: 1, updateType: Full, localAuthorizationList: [{ idTag: LISTED, idTagInfo: { status: Accepted } }] } }
  - requestCall: { action: ChangeConfiguration, payload: { key: LocalPreAuthorize, value: "true" } }
  - authorize: { idTag: LISTED }
  - authorize: { idTag: UNLISTED }
  - heartbeat`);
  const { fleet, seen, close } = await run(s);
  try {
    await waitUntil(() => checksOf(fleet, 'authorize') >= 2, 10_000, 'both authorize steps checked');
    assert.deepEqual(failures(fleet), []);
    assert.deepEqual(seen.filter((c) => c.action === 'Authorize').map((c) => c.payload), [{ idTag: 'UNLISTED' }]);
  } finally {
    await close();
  }
});

test('the cache hears the answer to a call step\'s Authorize: with pre-authorization the authorize step sends none again', async () => {
  const s = scenario('ocpp2.0.1', `  - requestCall: { action: SetVariables, payload: { setVariableData: [{ component: { name: AuthCtrlr }, variable: { name: LocalPreAuthorize }, attributeValue: "true" }] } }
  - call: { action: Authorize, payload: { idToken: { idToken: SEEN, type: ISO14443 } }, expect: { idTokenInfo.status: Accepted } }
  - authorize: { idTag: SEEN }
  - authorize: { idTag: NEW }
  - heartbeat`);
  const { fleet, seen, close } = await run(s);
  try {
    await waitUntil(() => checksOf(fleet, 'authorize') >= 2, 10_000, 'both authorize steps checked');
    assert.deepEqual(failures(fleet), []);
    assert.deepEqual(seen.filter((c) => c.action === 'Authorize').map((c) => (c.payload.idToken as Payload).idToken), ['SEEN', 'NEW']);
  } finally {
    await close();
  }
});

test('a requestCall the central system accepts but never sends is a failed check after 10 s', async () => {
  const s = scenario('ocpp1.6', `  - requestCall: { action: ClearCache, payload: {} }
  - heartbeat`);
  const { fleet, seen, close } = await run(s, { DataTransfer: () => ({ status: 'Accepted' }) });
  try {
    await waitUntil(() => checksOf(fleet, 'requestCall') >= 1, 20_000, 'the requestCall check');
    assert.deepEqual(failures(fleet).map((f) => f.replace(/^\d+ /, '')), ['requestCall: requestCall: the central system accepted the request but sent no ClearCache within 10 s']);
    assert.ok(seen.some((c) => c.action === 'DataTransfer'));
  } finally {
    await close();
  }
});

test('a reserve step blocks startTransaction for another tag until the reservation expires (2.0.1)', async () => {
  const s = scenario('ocpp2.0.1', `  - reserve: { connector: 1, idTag: HOLDER, expiry: 4s }
  - startTransaction: { connector: 1, idTag: OTHER }
  - wait: 5s
  - startTransaction: { connector: 1, idTag: OTHER }
  - heartbeat`);
  const { fleet, seen, close } = await run(s);
  try {
    await waitUntil(() => seen.some((c) => c.action === 'TransactionEvent'), 15_000, 'the transaction after the expiry');
    assert.deepEqual(failures(fleet).map((f) => f.replace(/^\d+ /, '')), ['startTransaction: startTransaction: connector 1 is reserved for another id tag']);
    assert.deepEqual(seen.find((c) => c.action === 'ReservationStatusUpdate')?.payload.reservationUpdateStatus, 'Expired');
  } finally {
    await close();
  }
});

test('updateFirmware asks the embedded gateway for the update, which reboots the charge point once into the new version', async () => {
  const s = scenario('ocpp1.6', `  - updateFirmware: { firmware: fw-2.0.0.bin, size: 5000 }
  - heartbeat`, 'firmware: { downloadTime: 10ms, installTime: 10ms }');
  const { fleet, seen, close } = await run(s);
  try {
    await waitUntil(() => seen.filter((c) => c.action === 'BootNotification').length >= 2 && checksOf(fleet, 'updateFirmware') >= 2, 15_000, 'the reboot and the step again');
    assert.deepEqual(seen.filter((c) => c.action === 'BootNotification').map((c) => c.payload.firmwareVersion), ['1.0.0', '2.0.0']);
    assert.deepEqual(seen.filter((c) => c.action === 'FirmwareStatusNotification').map((c) => c.payload.status), ['Downloading', 'Downloaded', 'Installing', 'Installed']);
    // After the reboot the step found 2.0.0 installed: no second request.
    assert.equal(seen.filter((c) => c.action === 'DataTransfer').length, 1);
  } finally {
    await close();
  }
});
