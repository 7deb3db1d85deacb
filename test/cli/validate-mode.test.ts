import { test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { runCli, withTempDir } from '../helpers/cli-run.js';
import { withWatchedGateway } from '../helpers/watched-gateway.js';

// `--validate all|sample|off`: how many schema-invalid CALLs the simulator lets through to a real
// gateway. One charge point boots, then sends 150 DataTransfer CALLs whose vendorId is 300
// characters (the schema allows 255): checked ones fail locally and never reach the wire.

const SCENARIO = `name: invalid-payloads
protocol: ocpp1.6
steps:
  - boot: {}
  - set: { bad: ${'x'.repeat(300)} }
  - repeat:
      count: 150
      steps:
        - call: { action: DataTransfer, payload: { vendorId: "{{vars.bad}}" } }
`;

const cases: Array<{ args: string[]; env?: Record<string, string>; reachGateway: number }> = [
  { args: [], reachGateway: 0 },
  { args: ['--validate', 'all'], reachGateway: 0 },
  // The first 100 are checked, then 1 in 100: the 200th would be, the 101st to the 150th are not.
  { args: ['--validate', 'sample'], reachGateway: 50 },
  { args: ['--validate', 'off'], reachGateway: 150 },
  { args: ['--no-validate'], reachGateway: 150 },
  { args: [], env: { OCPP_SIM_VALIDATE: 'sample' }, reachGateway: 50 },
];

for (const { args, env, reachGateway } of cases) {
  const name = [...args, ...Object.entries(env ?? {}).map(([k, v]) => `${k}=${v}`)].join(' ') || '(default)';
  test(`${name}: ${reachGateway} of 150 invalid DataTransfer CALLs reach the gateway`, () => withTempDir((dir) => withWatchedGateway({}, async (gw) => {
    await writeFile(join(dir, 'invalid.yaml'), SCENARIO);
    const fake = await runCli(['run', '--url', gw.url, '--count', '1', '--duration', '2s', '--scenario', 'invalid.yaml', ...args], { cwd: dir, env: env ?? {} });
    assert.equal(fake.code, 0, `exit code; stderr:\n${fake.stderr()}`);
    // BootNotification, then the DataTransfer CALLs the simulator sent.
    assert.equal(gw.gateway.stats().messagesReceived - 1, reachGateway);
  })));
}
