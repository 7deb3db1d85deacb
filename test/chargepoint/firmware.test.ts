import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DEFAULT_FIRMWARE, type FirmwareSettings } from '../../src/chargepoint/firmware/plan.js';
import type { Scenario } from '../../src/chargepoint/scenario/types.js';
import { startGateway, type Gateway, type GatewayOptions } from '../../src/gateway/server.js';
import type { Payload } from '../../src/protocol/frame.js';
import type { OcppVersion } from '../../src/protocol/versions.js';
import { Fleet } from '../../src/runner/fleet.js';
import type { RunOptions } from '../../src/runner/run.js';
import { defaultScenario, fleetOptions, statusCount } from '../helpers/fleet-options.js';
import { waitUntil } from '../helpers/poll.js';

// Firmware updates and log uploads of simulated charge points against the real embedded
// gateway on port 0: the gateway sends the CALLs, hosts the firmware file and takes the
// uploads; what the charge points send is read from the gateway's onMessage hook.

const CP = 'CP-001';
const FAST: FirmwareSettings = { ...DEFAULT_FIRMWARE, downloadMs: 20, installMs: 20 };

/** Every CALL the charge points sent, in order. */
type Seen = Array<{ cp: string; action: string; payload: Payload }>;

function scenarioFor(protocol: OcppVersion, firmware: FirmwareSettings): Scenario {
  return { ...defaultScenario(), protocol, firmware, chargePoint: { ...defaultScenario().chargePoint, connectors: 2 } };
}

async function setUp(protocol: OcppVersion, firmware = FAST, gatewayOptions: GatewayOptions = {}, overrides: Partial<RunOptions> = {}): Promise<{ gateway: Gateway; fleet: Fleet; seen: Seen; close(): Promise<void> }> {
  const seen: Seen = [];
  const gateway = await startGateway({
    port: 0, heartbeatIntervalSec: 60, ...gatewayOptions,
    onMessage: (e) => {
      if (e.direction !== 'in') return;
      const frame = JSON.parse(e.text) as unknown[];
      if (frame[0] === 2) seen.push({ cp: e.chargePointId, action: frame[2] as string, payload: frame[3] as Payload });
    },
  });
  const scenario = scenarioFor(protocol, firmware);
  const fleet = new Fleet(fleetOptions(gateway.url, { scenario, ...overrides }));
  fleet.start();
  // 2.0.1 reports no status of the station as a whole: one StatusNotification per EVSE.
  const reports = protocol === 'ocpp1.6' ? statusCount(scenario) : scenario.chargePoint.connectors;
  await waitUntil(() => fleet.snapshot().everBooted === 1 && (fleet.snapshot().metrics.received.StatusNotification ?? 0) >= reports, 5000, 'the charge point to boot and report');
  return { gateway, fleet, seen, async close() { await fleet.stop(); await gateway.close(); } };
}

const statuses = (seen: Seen, action: string): string[] => seen.filter((c) => c.action === action).map((c) => String(c.payload.status));

test('a 1.6 UpdateFirmware from the embedded gateway downloads its file, reports Downloading → Installed, then reboots with the new firmware version', async () => {
  const { gateway, seen, close } = await setUp('ocpp1.6');
  try {
    const bootsBefore = seen.filter((c) => c.action === 'BootNotification').length;
    const answer = await gateway.call(CP, 'UpdateFirmware', { location: `${gateway.httpUrl}/firmware/fw-1.2.3.bin?size=300000`, retrieveDate: new Date().toISOString() });
    assert.deepEqual(answer, {});
    await waitUntil(() => seen.filter((c) => c.action === 'BootNotification').length > bootsBefore, 15_000, 'the boot after the update');
    assert.deepEqual(statuses(seen, 'FirmwareStatusNotification'), ['Downloading', 'Downloaded', 'Installing', 'Installed']);
    const installed = seen.findIndex((c) => c.action === 'FirmwareStatusNotification' && c.payload.status === 'Installed');
    const reboot = seen.findIndex((c, i) => i > installed && c.action === 'BootNotification');
    assert.ok(reboot > installed, 'the BootNotification follows Installed');
    assert.equal(seen[reboot]?.payload.firmwareVersion, '1.2.3');
  } finally {
    await close();
  }
});

test('a 2.0.1 UpdateFirmware follows L01: every status carries the requestId, InstallRebooting, a FirmwareUpdate boot, then Installed', async () => {
  const { gateway, seen, close } = await setUp('ocpp2.0.1');
  try {
    const answer = await gateway.call(CP, 'UpdateFirmware', { requestId: 42, firmware: { location: `${gateway.httpUrl}/firmware/station-2.0.0.bin`, retrieveDateTime: new Date().toISOString() } });
    assert.deepEqual(answer, { status: 'Accepted' });
    await waitUntil(() => statuses(seen, 'FirmwareStatusNotification').includes('Installed'), 15_000, 'Installed');
    assert.deepEqual(statuses(seen, 'FirmwareStatusNotification'), ['Downloading', 'Downloaded', 'Installing', 'InstallRebooting', 'Installed']);
    assert.ok(seen.filter((c) => c.action === 'FirmwareStatusNotification').every((c) => c.payload.requestId === 42));
    const rebooting = seen.findIndex((c) => c.payload.status === 'InstallRebooting');
    const boot = seen.findIndex((c, i) => i > rebooting && c.action === 'BootNotification');
    const installed = seen.findIndex((c) => c.payload.status === 'Installed');
    assert.ok(boot > rebooting && installed > boot, 'InstallRebooting, then the boot, then Installed');
    assert.equal(seen[boot]?.payload.reason, 'FirmwareUpdate');
    assert.equal((seen[boot]?.payload.chargingStation as Payload).firmwareVersion, '2.0.0');
  } finally {
    await close();
  }
});

test('a download the server refuses ends in DownloadFailed and no reboot; a failure ratio of 1 ends in InstallationFailed', async () => {
  const failing = await setUp('ocpp1.6', { ...FAST, failureRatio: 1 });
  try {
    const boots = (): number => failing.seen.filter((c) => c.action === 'BootNotification').length;
    const before = boots();
    await failing.gateway.call(CP, 'UpdateFirmware', { location: `${failing.gateway.httpUrl}/firmware/..%2Fetc`, retrieveDate: new Date().toISOString() });
    await waitUntil(() => statuses(failing.seen, 'FirmwareStatusNotification').includes('DownloadFailed'), 10_000, 'DownloadFailed');
    assert.deepEqual(statuses(failing.seen, 'FirmwareStatusNotification'), ['Downloading', 'DownloadFailed']);
    await failing.gateway.call(CP, 'UpdateFirmware', { location: `${failing.gateway.httpUrl}/firmware/fw-9.9.bin`, retrieveDate: new Date().toISOString() });
    await waitUntil(() => statuses(failing.seen, 'FirmwareStatusNotification').includes('InstallationFailed'), 10_000, 'InstallationFailed');
    assert.deepEqual(statuses(failing.seen, 'FirmwareStatusNotification').slice(2), ['Downloading', 'Downloaded', 'Installing', 'InstallationFailed']);
    assert.equal(boots(), before, 'no reboot after a failed update');
  } finally {
    await failing.close();
  }
});

test('GetDiagnostics (1.6) and GetLog (2.0.1) upload a generated file to the gateway\'s upload endpoint', async () => {
  const v16 = await setUp('ocpp1.6', { ...FAST, logBytes: 5000 });
  try {
    const answer = await v16.gateway.call(CP, 'GetDiagnostics', { location: `${v16.gateway.httpUrl}/uploads/` });
    assert.match(String(answer.fileName), /^diagnostics-CP-001-.*\.log$/);
    await waitUntil(() => statuses(v16.seen, 'DiagnosticsStatusNotification').includes('Uploaded'), 10_000, 'Uploaded');
    assert.deepEqual(statuses(v16.seen, 'DiagnosticsStatusNotification'), ['Uploading', 'Uploaded']);
    assert.equal(v16.gateway.uploads().count, 1);
    assert.deepEqual(v16.gateway.uploads().uploads.map((u) => [u.name, u.bytes]), [[answer.fileName, 5000]]);
  } finally {
    await v16.close();
  }
  const v201 = await setUp('ocpp2.0.1');
  try {
    const answer = await v201.gateway.call(CP, 'GetLog', { logType: 'DiagnosticsLog', requestId: 7, log: { remoteLocation: `${v201.gateway.httpUrl}/uploads/station.log` } });
    assert.equal(answer.status, 'Accepted');
    await waitUntil(() => statuses(v201.seen, 'LogStatusNotification').includes('Uploaded'), 10_000, 'Uploaded');
    assert.deepEqual(v201.seen.filter((c) => c.action === 'LogStatusNotification').map((c) => c.payload), [{ status: 'Uploading', requestId: 7 }, { status: 'Uploaded', requestId: 7 }]);
    assert.deepEqual(v201.gateway.uploads().uploads.map((u) => u.name), ['station.log']);
  } finally {
    await v201.close();
  }
});

test('with charge point passwords the file endpoints take the charge point\'s own Basic credentials and refuse requests without them', async () => {
  const password = 'correct-horse-battery';
  const { gateway, seen, close } = await setUp('ocpp1.6', FAST, { auth: { password }, apiToken: 'a-long-enough-api-token' }, { auth: { password } });
  try {
    const anonymous = await fetch(`${gateway.httpUrl}/firmware/fw-1.0.bin`);
    assert.equal(anonymous.status, 401);
    await anonymous.body?.cancel();
    const upload = await fetch(`${gateway.httpUrl}/uploads/x.log`, { method: 'PUT', body: 'x', headers: { authorization: `Basic ${Buffer.from('CP-001:wrong').toString('base64')}` } });
    assert.equal(upload.status, 401);
    await upload.body?.cancel();
    await gateway.call(CP, 'GetDiagnostics', { location: `${gateway.httpUrl}/uploads/` });
    await waitUntil(() => statuses(seen, 'DiagnosticsStatusNotification').includes('Uploaded'), 10_000, 'Uploaded');
    const listed = await fetch(`${gateway.httpUrl}/uploads`, { headers: { authorization: 'Bearer a-long-enough-api-token' } });
    const body = await listed.json() as { uploads: Array<{ chargePoint?: string }> };
    assert.deepEqual(body.uploads.map((u) => u.chargePoint), [CP]);
  } finally {
    await close();
  }
});
