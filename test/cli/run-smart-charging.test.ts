import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { readSummary, runCli, withTempDir } from '../helpers/cli-run.js';

// `run` with the shipped smart-charging scenarios: the embedded gateway sends the scenario's
// `csms:` calls, the charge points accept them and their readings follow the profile.

interface TraceLine { cp: string; dir: 'in' | 'out'; frame: unknown[] }
interface Sampled { measurand?: string; value: string | number }

/** Power.Active.Import of each periodic reading in the trace, per charge point, in order. */
function powers(file: string): Map<string, number[]> {
  const out = new Map<string, number[]>();
  for (const line of readFileSync(file, 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l) as TraceLine)) {
    const [type, , action, payload] = line.frame as [number, string, string, { meterValue?: Array<{ sampledValue: Sampled[] }> }];
    if (type !== 2 || line.dir !== 'out' || (action !== 'MeterValues' && action !== 'TransactionEvent')) continue;
    const power = payload.meterValue?.[0]?.sampledValue.find((v) => v.measurand === 'Power.Active.Import');
    if (power) out.set(line.cp, [...(out.get(line.cp) ?? []), Number(power.value)]);
  }
  return out;
}

for (const [scenario, limited, calls] of [
  ['smart-charging', 3700, ['SetChargingProfile', 'GetCompositeSchedule']],
  ['smart-charging-201', 3680, ['SetChargingProfile', 'GetChargingProfiles', 'GetCompositeSchedule']],
] as const) {
  test(`${scenario}: the embedded gateway sends the csms calls, each charge point accepts them and reads ${limited} W after 7400 W`, () => withTempDir(async (dir) => {
    const run = await runCli(['run', '--scenario', scenario, '-n', '2', '-d', '15s', '--no-ui', '--out', 'out.json', '--trace', 'trace.ndjson'], { cwd: dir, ms: 60_000 });
    assert.equal(run.code, 0, run.stderr());
    const { counts } = readSummary(join(dir, 'out.json'));
    for (const action of calls) {
      assert.equal(counts.inbound[action], 2, `${action}: ${JSON.stringify(counts)}`);
      assert.equal(counts.answered[action], 2, action);
    }
    const byCp = powers(join(dir, 'trace.ndjson'));
    assert.equal(byCp.size, 2);
    for (const [cp, readings] of byCp) {
      assert.equal(readings[0], 7400, `${cp} charges at the offer first: ${readings.join(', ')}`);
      assert.equal(readings[readings.length - 1], limited, `${cp} follows the profile after: ${readings.join(', ')}`);
    }
  }));
}

test('with --url the csms calls are ignored, and a warning says so', () => withTempDir(async (dir) => {
  const run = await runCli(['run', '--scenario', 'smart-charging', '--url', 'ws://127.0.0.1:9/ocpp', '-n', '1', '-d', '1s', '--no-ui'], { cwd: dir, ms: 30_000 });
  assert.match(run.stderr(), /warning: the scenario's csms calls are ignored with --url/);
}));
