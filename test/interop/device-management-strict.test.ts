import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { DEFAULT_FIRMWARE } from '../../src/chargepoint/firmware/plan.js';
import type { Scenario } from '../../src/chargepoint/scenario/types.js';
import type { OcppVersion } from '../../src/protocol/versions.js';
import { Fleet } from '../../src/runner/fleet.js';
import { defaultScenario, fleetOptions, statusCount } from '../helpers/fleet-options.js';
import { startIndependentCsms } from '../helpers/ocpp-rpc-csms.js';
import { waitUntil } from '../helpers/poll.js';

// Firmware, log upload, reservations and the local list against an independent central system:
// ocpp-rpc in strict mode validates every answer and every notification of the simulated
// charge points with its own copies of the official schemas. The firmware file and the upload
// target are a plain HTTP server of the test, not the embedded gateway.

/** A file server: GET serves 4 KiB, PUT is read and counted. */
async function fileServer(): Promise<{ url: string; requests: string[]; close(): Promise<void> }> {
  const requests: string[] = [];
  const server: Server = createServer((req: IncomingMessage, res) => {
    let bytes = 0;
    req.on('data', (chunk: Buffer) => { bytes += chunk.length; });
    req.on('end', () => {
      requests.push(`${req.method} ${req.url} ${bytes}`);
      if (req.method === 'GET') res.writeHead(200, { 'content-length': 4096 }).end(Buffer.alloc(4096, 1));
      else res.writeHead(201).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, requests,
    close: () => new Promise<void>((resolve) => { server.closeAllConnections(); server.close(() => resolve()); }),
  };
}

const inSeconds = (s: number): string => new Date(Date.now() + s * 1000).toISOString();

/** The CALLs of one version and what their answers must be. */
function calls(protocol: OcppVersion, files: string): Array<[string, unknown, unknown]> {
  if (protocol === 'ocpp1.6') {
    return [
      ['reserve-now', { connectorId: 1, expiryDate: inSeconds(1), idTag: 'HOLDER', reservationId: 1 }, { status: 'Accepted' }],
      ['cancel-reservation', { reservationId: 99 }, { status: 'Rejected' }],
      ['send-local-list', { listVersion: 3, updateType: 'Full', localAuthorizationList: [{ idTag: 'A', idTagInfo: { status: 'Accepted' } }] }, { status: 'Accepted' }],
      ['send-local-list', { listVersion: 3, updateType: 'Differential', localAuthorizationList: [{ idTag: 'B' }] }, { status: 'VersionMismatch' }],
      ['get-local-list-version', {}, { listVersion: 3 }],
      ['clear-cache', {}, { status: 'Accepted' }],
      ['get-diagnostics', { location: `${files}/logs/` }, undefined],
      ['update-firmware', { location: `${files}/fw-3.1.0.bin`, retrieveDate: new Date().toISOString() }, {}],
    ];
  }
  const idToken = { idToken: 'HOLDER', type: 'ISO14443' };
  return [
    ['reserve-now', { id: 1, expiryDateTime: inSeconds(1), idToken, evseId: 1 }, { status: 'Accepted' }],
    ['cancel-reservation', { reservationId: 99 }, { status: 'Rejected' }],
    ['send-local-list', { versionNumber: 3, updateType: 'Full', localAuthorizationList: [{ idToken, idTokenInfo: { status: 'Accepted' } }] }, { status: 'Accepted' }],
    ['get-local-list-version', {}, { versionNumber: 3 }],
    ['clear-cache', {}, { status: 'Accepted' }],
    ['get-log', { logType: 'DiagnosticsLog', requestId: 5, log: { remoteLocation: `${files}/logs/station.log` } }, undefined],
    ['update-firmware', { requestId: 6, firmware: { location: `${files}/fw-3.1.0.bin`, retrieveDateTime: new Date().toISOString() } }, { status: 'Accepted' }],
  ];
}

for (const protocol of ['ocpp1.6', 'ocpp2.0.1'] as const) {
  test(`${protocol}: firmware, log upload, reservation and local list answers and notifications pass ocpp-rpc's strict validation`, async () => {
    const received: Array<{ action: string; params: Record<string, unknown> }> = [];
    const csms = await startIndependentCsms(['HOLDER', 'A'], undefined, { onCall: (_id, action, params) => { received.push({ action, params }); } });
    const files = await fileServer();
    const scenario: Scenario = { ...defaultScenario(), protocol, firmware: { ...DEFAULT_FIRMWARE, downloadMs: 20, installMs: 20, logBytes: 2000 } };
    const fleet = new Fleet(fleetOptions(csms.url, { scenario }));
    fleet.start();
    try {
      // Booted, and the scenario's own statuses in (1.6: connector 0 too), so the next StatusNotifications of connector 1 are the reservation's.
      const reports = protocol === 'ocpp1.6' ? statusCount(scenario) : scenario.chargePoint.connectors;
      await waitUntil(() => fleet.snapshot().everBooted === 1 && received.filter((c) => c.action === 'StatusNotification').length >= reports, 5000, 'the charge point to boot and report');
      const version = protocol === 'ocpp1.6' ? '1.6' : '2.0.1';
      for (const [action, payload, expected] of calls(protocol, files.url)) {
        if (action === 'update-firmware') {
          // The reservation's expiry and the upload are reported before the update reboots the charge point.
          // (As the CSMS heard them: a notification still unanswered when the reboot drops the connection would fail.)
          const heard = (action: string): Array<Record<string, unknown>> => received.filter((c) => c.action === action).map((c) => c.params);
          const connector1 = (): string => heard('StatusNotification').filter((p) => (p.evseId ?? 1) === 1 && p.connectorId === 1).map((p) => String(p.status ?? p.connectorStatus)).join();
          await waitUntil(() => connector1().endsWith('Reserved,Available') && (protocol === 'ocpp1.6' || heard('ReservationStatusUpdate').length >= 1), 10_000, 'the reservation to expire');
          const uploadStatus = protocol === 'ocpp1.6' ? 'DiagnosticsStatusNotification' : 'LogStatusNotification';
          await waitUntil(() => heard(uploadStatus).length >= 2, 10_000, 'Uploading and Uploaded');
        }
        const response = await fetch(`${csms.triggerUrl}/api/octt/${version}/CP-001/${action}`, { method: 'POST', body: JSON.stringify(payload) });
        const body = await response.json() as { result?: unknown; error?: string };
        assert.equal(response.status, 200, `${action}: ${JSON.stringify(body)}`);
        if (expected !== undefined) assert.deepEqual(body.result, expected, action);
      }
      // The reboot after the update: a second BootNotification.
      await waitUntil(() => (fleet.snapshot().metrics.sent.BootNotification ?? 0) >= 2, 15_000, 'the boot after the firmware update');
      assert.deepEqual(files.requests.map((r) => r.split(' ')[0]).sort(), ['GET', 'PUT']);
      assert.ok(files.requests.some((r) => /^PUT \/logs\/\S+ 2000$/.test(r)), files.requests.join('; '));
      // The update ends in Installed and a reboot onto the file's version, as the CSMS heard it.
      const installed = protocol === 'ocpp1.6' ? ['Downloading', 'Downloaded', 'Installing', 'Installed']
        : ['Downloading', 'Downloaded', 'Installing', 'InstallRebooting', 'Installed'];
      const firmwareStatuses = (): unknown[] => received.filter((c) => c.action === 'FirmwareStatusNotification').map((c) => c.params.status);
      await waitUntil(() => firmwareStatuses().length >= installed.length && received.filter((c) => c.action === 'BootNotification').length >= 2, 10_000, 'every firmware status and the reboot, as the CSMS heard them');
      assert.deepEqual(firmwareStatuses(), installed);
      const order = received.filter((c) => c.action === 'BootNotification' || (c.action === 'FirmwareStatusNotification' && c.params.status === 'Installing'));
      assert.deepEqual(order.map((c) => c.action), ['BootNotification', 'FirmwareStatusNotification', 'BootNotification'], 'one boot after Installing');
      const reboot = (order.at(-1) as { params: Record<string, unknown> }).params;
      if (protocol === 'ocpp1.6') assert.equal(reboot.firmwareVersion, '3.1.0');
      else assert.deepEqual([reboot.reason, (reboot.chargingStation as Record<string, unknown>).firmwareVersion], ['FirmwareUpdate', '3.1.0']);
      if (protocol !== 'ocpp1.6') assert.ok(received.filter((c) => c.action === 'FirmwareStatusNotification').every((c) => c.params.requestId === 6), 'every status carries the requestId');
      assert.deepEqual(fleet.snapshot().metrics.recentErrors, [], 'the strict CSMS refused nothing the charge point sent');
    } finally {
      await fleet.stop();
      await files.close();
      await csms.close();
    }
  });
}
