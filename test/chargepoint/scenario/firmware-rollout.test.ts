import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseScenario } from '../../../src/chargepoint/scenario/loader.js';
import { startGateway } from '../../../src/gateway/server.js';
import type { Payload } from '../../../src/protocol/frame.js';
import { Fleet } from '../../../src/runner/fleet.js';
import { fleetOptions } from '../../helpers/fleet-options.js';
import { waitUntil } from '../../helpers/poll.js';
import { repoRoot } from '../../helpers/repo-root.js';

// The shipped rollouts against the embedded gateway: the first wave (5 charge points) updates at
// once; each charge point ends on firmware 2.0.0 after one reboot.

for (const [file, installed] of [['firmware-rollout.yaml', ['Downloading', 'Downloaded', 'Installing', 'Installed']],
  ['firmware-rollout-201.yaml', ['Downloading', 'Downloaded', 'Installing', 'InstallRebooting', 'Installed']]] as const) {
  test(`${file}: the first wave of charge points downloads fw-2.0.0.bin from the gateway, reboots and boots on 2.0.0`, async () => {
    const path = join(repoRoot(), 'scenarios', file);
    const scenario = parseScenario(readFileSync(path, 'utf8'), path);
    const seen = new Map<string, Array<{ action: string; payload: Payload }>>();
    const gateway = await startGateway({
      port: 0, heartbeatIntervalSec: 60,
      onMessage: (e) => {
        const frame = JSON.parse(e.text) as unknown[];
        if (e.direction === 'in' && frame[0] === 2) (seen.get(e.chargePointId) ?? seen.set(e.chargePointId, []).get(e.chargePointId))?.push({ action: frame[2] as string, payload: frame[3] as Payload });
      },
    });
    const fleet = new Fleet(fleetOptions(gateway.url, { scenario, count: 3 }));
    fleet.start();
    const of = (id: string, action: string): Payload[] => (seen.get(id) ?? []).filter((c) => c.action === action).map((c) => c.payload);
    const ids = ['CP-001', 'CP-002', 'CP-003'];
    try {
      await waitUntil(() => ids.every((id) => of(id, 'FirmwareStatusNotification').some((p) => p.status === 'Installed') && of(id, 'BootNotification').length >= 2), 30_000, 'every charge point of the first wave updated');
      for (const id of ids) {
        assert.deepEqual(of(id, 'FirmwareStatusNotification').map((p) => p.status), installed, id);
        const versions = of(id, 'BootNotification').map((p) => p.firmwareVersion ?? (p.chargingStation as Payload).firmwareVersion);
        assert.deepEqual(versions, ['1.0.0', '2.0.0'], id);
        assert.equal(of(id, 'DataTransfer').length, 1, `${id} asked once`);
      }
      assert.deepEqual(fleet.snapshot().metrics.recentErrors, []);
      // The summary's breakdown: each status once per charge point of the wave, as the gateway saw them.
      assert.deepEqual(fleet.snapshot().metrics.firmware, Object.fromEntries(installed.map((status) => [status, ids.length])));
    } finally {
      await fleet.stop();
      await gateway.close();
    }
  });
}
