import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DEFAULT_FIRMWARE, firmwarePlan, retryOf, versionOfLocation, type FirmwareStep } from '../../../src/chargepoint/firmware/plan.js';
import type { OcppVersion } from '../../../src/protocol/versions.js';

// The firmware status sequence as a pure plan: which statuses, waits, the download, the
// install draw and the reboot come in which order for each version and request.

const NOW = 1_000_000;
const settings = { ...DEFAULT_FIRMWARE, downloadMs: 10, installMs: 20 };
const statuses = (steps: FirmwareStep[]): string[] => steps.map((s) => (s.kind === 'status' || s.kind === 'afterBoot' ? `${s.kind === 'afterBoot' ? 'after boot: ' : ''}${s.status}` : s.kind));

const CASES: Array<{ name: string; version: OcppVersion; retrieveAt: number; installAt?: number; signed?: boolean; expected: string[] }> = [
  { name: '1.6 now (§5.16): Installed, then the reboot', version: 'ocpp1.6', retrieveAt: NOW,
    expected: ['Downloading', 'download', 'delay', 'Downloaded', 'idle', 'Installing', 'delay', 'install', 'Installed', 'reboot'] },
  { name: '1.6 later: a wait, no scheduled status (1.6 has none)', version: 'ocpp1.6', retrieveAt: NOW + 5000,
    expected: ['until', 'Downloading', 'download', 'delay', 'Downloaded', 'idle', 'Installing', 'delay', 'install', 'Installed', 'reboot'] },
  { name: '2.0.1 now (L01): InstallRebooting, the reboot, Installed after the boot', version: 'ocpp2.0.1', retrieveAt: NOW,
    expected: ['Downloading', 'download', 'delay', 'Downloaded', 'idle', 'Installing', 'delay', 'install', 'InstallRebooting', 'reboot', 'after boot: Installed'] },
  { name: '2.0.1 scheduled and signed: DownloadScheduled, SignatureVerified, InstallScheduled', version: 'ocpp2.0.1', retrieveAt: NOW + 1, installAt: NOW + 2, signed: true,
    expected: ['DownloadScheduled', 'until', 'Downloading', 'download', 'delay', 'Downloaded', 'SignatureVerified', 'InstallScheduled', 'until', 'idle', 'Installing', 'delay', 'install', 'InstallRebooting', 'reboot', 'after boot: Installed'] },
  { name: '2.1 as 2.0.1, install time in the past: no InstallScheduled', version: 'ocpp2.1', retrieveAt: NOW - 1, installAt: NOW - 1,
    expected: ['Downloading', 'download', 'delay', 'Downloaded', 'idle', 'Installing', 'delay', 'install', 'InstallRebooting', 'reboot', 'after boot: Installed'] },
];

for (const c of CASES) {
  test(`firmware plan: ${c.name}`, () => {
    const steps = firmwarePlan(c.version, { now: NOW, retrieveAt: c.retrieveAt, ...(c.installAt === undefined ? {} : { installAt: c.installAt }), signed: c.signed ?? false }, settings);
    assert.deepEqual(statuses(steps), c.expected);
  });
}

test('the plan carries the failure statuses and the configured times', () => {
  const steps = firmwarePlan('ocpp1.6', { now: NOW, retrieveAt: NOW, signed: false }, settings);
  assert.deepEqual(steps.find((s) => s.kind === 'download'), { kind: 'download', failed: 'DownloadFailed' });
  assert.deepEqual(steps.find((s) => s.kind === 'install'), { kind: 'install', failed: 'InstallationFailed' });
  assert.deepEqual(steps.filter((s) => s.kind === 'delay').map((s) => (s as { ms: number }).ms), [10, 20]);
});

test('the firmware version a location names', () => {
  const table: Array<[string, string | undefined]> = [
    ['http://h/firmware/fw-1.2.3.bin', '1.2.3'], ['http://h/firmware/station-2.0.0-rc1.img?size=5', '2.0.0-rc1'],
    ['http://h/firmware/latest.bin', undefined], ['not a url', undefined], ['https://h/a/v10.4', '10.4'],
  ];
  for (const [location, version] of table) assert.equal(versionOfLocation(location), version, location);
});

test('retries and retry intervals of a request are bounded', () => {
  assert.deepEqual(retryOf(undefined, undefined), { retries: 0, retryIntervalMs: 0 });
  assert.deepEqual(retryOf(2, 3), { retries: 2, retryIntervalMs: 3000 });
  assert.deepEqual(retryOf(1e9, 1e9), { retries: 5, retryIntervalMs: 300_000 });
  assert.deepEqual(retryOf(-1, -5), { retries: 0, retryIntervalMs: 0 });
});
