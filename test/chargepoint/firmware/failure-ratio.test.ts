import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseScenario } from '../../../src/chargepoint/scenario/loader.js';
import { startGateway } from '../../../src/gateway/server.js';
import { Fleet } from '../../../src/runner/fleet.js';
import { csmsLog } from '../../helpers/csms-log.js';
import { fleetOptions } from '../../helpers/fleet-options.js';
import { waitUntil } from '../../helpers/poll.js';

// firmware.failureRatio draws each installation from the charge point's own PRNG, seeded by
// --seed and its fleet index: the same seed fails the same charge points, another seed others.

const COUNT = 8;
const scenario = parseScenario(`protocol: ocpp1.6
chargePoint: { vendor: V, model: M, firmwareVersion: "1.0.0", connectors: 1 }
firmware: { downloadTime: 10ms, installTime: 10ms, failureRatio: 0.5 }
steps:
  - boot
  - updateFirmware: { firmware: fw-2.0.0.bin, size: 1000 }
  - heartbeat
`, 'failure-ratio.yaml');

/** The charge points whose installation failed in a fleet run with `seed`, once every one ended its update. */
async function failedWith(seed: number): Promise<string[]> {
  const log = csmsLog();
  const gateway = await startGateway({ port: 0, heartbeatIntervalSec: 60, onMessage: log.onMessage });
  const fleet = new Fleet(fleetOptions(gateway.url, { scenario, count: COUNT, seed }));
  fleet.start();
  const ended = (status: string): string[] => log.of('FirmwareStatusNotification').filter((c) => c.payload.status === status).map((c) => c.cp).sort();
  try {
    await waitUntil(() => ended('Installed').length + ended('InstallationFailed').length === COUNT, 20_000, 'every update to end');
    assert.equal(new Set([...ended('Installed'), ...ended('InstallationFailed')]).size, COUNT, 'one outcome per charge point');
    return ended('InstallationFailed');
  } finally {
    await fleet.stop();
    await gateway.close();
  }
}

test('a seed repeats which charge points fail their installation; another seed fails others', async () => {
  const first = await failedWith(7);
  const again = await failedWith(7);
  const other = await failedWith(8);
  assert.deepEqual(again, first);
  assert.ok(first.length > 0 && first.length < COUNT, `some, not all, of ${COUNT} fail at a ratio of 0.5: ${first.join()}`);
  assert.notDeepEqual(other, first);
});
