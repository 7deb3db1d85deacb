import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { readSummary, runCli, withTempDir } from '../helpers/cli-run.js';

// `run` with the shipped smart-charging scenarios: the embedded gateway sends the scenario's
// `csms:` calls, the charge points accept them and their readings (power and register) follow the
// profile.

interface TraceLine { cp: string; dir: 'in' | 'out'; frame: unknown[] }
interface Sampled { measurand?: string; value: string | number }
interface Reading { at: number; wh: number; w: number }

/** The periodic readings (register, power, timestamp) in the trace, per charge point, in order. */
function readings(file: string): Map<string, Reading[]> {
  const out = new Map<string, Reading[]>();
  for (const line of readFileSync(file, 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l) as TraceLine)) {
    const [type, , action, payload] = line.frame as [number, string, string, { meterValue?: Array<{ timestamp: string; sampledValue: Sampled[] }> }];
    if (type !== 2 || line.dir !== 'out' || (action !== 'MeterValues' && action !== 'TransactionEvent')) continue;
    const meterValue = payload.meterValue?.[0];
    const value = (measurand: string): number | undefined => {
      const found = meterValue?.sampledValue.find((v) => v.measurand === measurand);
      return found === undefined ? undefined : Number(found.value);
    };
    const w = value('Power.Active.Import');
    const wh = value('Energy.Active.Import.Register');
    if (meterValue && w !== undefined && wh !== undefined) out.set(line.cp, [...(out.get(line.cp) ?? []), { at: Date.parse(meterValue.timestamp), wh, w }]);
  }
  return out;
}

/** Energy rate (W) from the first to the last of the readings at `w`; they must be consecutive, in one session. */
function rateAt(all: readonly Reading[], w: number): number {
  const at = all.filter((r) => r.w === w);
  const first = at[0] as Reading;
  const last = at[at.length - 1] as Reading;
  return ((last.wh - first.wh) * 3_600_000) / (last.at - first.at);
}

const OFFER_W = 22_080;

for (const [scenario, limited, calls] of [
  ['smart-charging', 11_040, ['SetChargingProfile', 'GetCompositeSchedule']],
  ['smart-charging-201', 11_040, ['SetChargingProfile', 'GetChargingProfiles', 'GetCompositeSchedule']],
] as const) {
  test(`${scenario}: the embedded gateway sends the csms calls, each charge point accepts them, reads ${limited} W after ${OFFER_W} W and its register rises half as fast`, () => withTempDir(async (dir) => {
    // 18 s: the first session (12 s of readings, from about 1 s in) ends before the run; the second starts at 20 s.
    const run = await runCli(['run', '--scenario', scenario, '-n', '2', '-d', '18s', '--no-ui', '--out', 'out.json', '--trace', 'trace.ndjson'], { cwd: dir, ms: 60_000 });
    assert.equal(run.code, 0, run.stderr());
    const { counts } = readSummary(join(dir, 'out.json'));
    for (const action of calls) {
      assert.equal(counts.inbound[action], 2, `${action}: ${JSON.stringify(counts)}`);
      assert.equal(counts.answered[action], 2, action);
    }
    const byCp = readings(join(dir, 'trace.ndjson'));
    assert.equal(byCp.size, 2);
    for (const [cp, all] of byCp) {
      const powers = all.map((r) => r.w).join(', ');
      assert.equal(all[0]?.w, OFFER_W, `${cp} charges at the offer first: ${powers}`);
      assert.equal(all[all.length - 1]?.w, limited, `${cp} follows the profile after: ${powers}`);
      assert.ok(all.filter((r) => r.w === OFFER_W).length >= 2 && all.filter((r) => r.w === limited).length >= 3, `${cp}: two readings at the offer, three under the profile: ${powers}`);
      // Registers are whole Wh (about 12 Wh per 2 s at the offer), hence the 0.1 margin.
      const ratio = rateAt(all, limited) / rateAt(all, OFFER_W);
      assert.ok(Math.abs(ratio - 0.5) < 0.1, `${cp}: energy rate ${rateAt(all, OFFER_W).toFixed(0)} W, then ${rateAt(all, limited).toFixed(0)} W (ratio ${ratio.toFixed(3)}); registers ${all.map((r) => r.wh).join(', ')}`);
    }
  }));
}

test('with --url the csms calls are ignored, and a warning says so', () => withTempDir(async (dir) => {
  const run = await runCli(['run', '--scenario', 'smart-charging', '--url', 'ws://127.0.0.1:9/ocpp', '-n', '1', '-d', '1s', '--no-ui'], { cwd: dir, ms: 30_000 });
  assert.match(run.stderr(), /warning: the scenario's csms calls are ignored with --url/);
}));
