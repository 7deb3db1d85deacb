import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseScenario } from '../../src/chargepoint/scenario/loader.js';
import { main } from '../../src/cli/main.js';
import { validatorFor } from '../../src/protocol/validator.js';
import { schemasOf } from '../../src/protocol/versions.js';
import { fakeIo } from '../helpers/fake-io.js';
import { repoRoot } from '../helpers/repo-root.js';
import { ScriptedCsms } from '../helpers/scripted-csms.js';

// A process loads the schemas of the protocols it uses, when it first uses them: 1.6's and
// 2.0.1's (JSON) at their first use, 2.1's (an ES module) only through loadVersions, which the
// scenario loader, the run, the gateway and check await. The tests share this one process, in
// order: what one loads, the next finds loaded.

const NOT_LOADED = /the ocpp2\.1 schemas are not loaded: loadVersions\(\['ocpp2\.1'\]\) must come first/;

test('before anything loads them, whatever asks for the 2.1 schemas throws, naming the version; the 1.6 ones are read at their first use', () => {
  assert.throws(() => schemasOf('ocpp2.1'), NOT_LOADED);
  assert.throws(() => validatorFor('ocpp2.1'), NOT_LOADED);
  assert.throws(() => parseScenario('protocol: ocpp2.1\nsteps:\n  - boot\n', 'inline.yaml'), NOT_LOADED);
  assert.ok(schemasOf('ocpp1.6').has('BootNotification.req'));
  assert.ok(validatorFor('ocpp1.6').actions.has('Heartbeat'));
});

test('a 1.6 run loads no 2.1 schemas, and a 2.1 run after it in the same process loads them and passes', async () => {
  const csms = await ScriptedCsms.start();
  try {
    const run = async (scenario: string): Promise<{ code: number; out: string; err: string }> => {
      const fake = fakeIo(repoRoot());
      const code = await main(['run', '--url', csms.url, '--count', '1', '--duration', '2s', '--no-ui', '--scenario', scenario], fake.io);
      return { code, out: fake.stdout(), err: fake.stderr() };
    };
    const v16 = await run('boot-heartbeat-status');
    assert.equal(v16.code, 0, v16.err);
    assert.match(v16.out, /ocpp1\.6/);
    assert.throws(() => schemasOf('ocpp2.1'), NOT_LOADED, 'the 1.6 run did not load the 2.1 schemas');
    const v21 = await run('boot-heartbeat-status-21');
    assert.equal(v21.code, 0, v21.err);
    assert.match(v21.out, /ocpp2\.1/);
    assert.ok(schemasOf('ocpp2.1').has('NotifyPeriodicEventStream.req'), 'loaded by the 2.1 run');
    assert.equal(csms.connections.length, 2, 'one charge point each run');
  } finally {
    await csms.close();
  }
});
