import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { MessageEvent } from '../../src/gateway/hooks.js';
import { oneErrorLine, runCli, withTempDir } from '../helpers/cli-run.js';
import { withWatchedGateway } from '../helpers/watched-gateway.js';

// `run --data FILE` and `data:` in a scenario, against a real in-process gateway on 127.0.0.1
// port 0 that checks every charge point's Basic-auth password: each charge point takes the id,
// password, vendor, model and serial of its row (row i mod rows), and its templates read the
// row and the environment.

const RUN = ['--duration', '2s', '--rate', '0', '--no-ui'];

const CSV = [
  'id,password,vendor,model,serial,tag',
  'HALL-A-01,alpha-password-0001,Acme,"AC 22, wall",SN-0001,TAG-A',
  'HALL-B-02,bravo-password-0002,Volt Inc,DC-150,SN-0002,TAG-B',
  'YARD-C-03,charlie-password-03,Acme,AC-11,SN-0003,TAG-C',
  '',
].join('\r\n');

const PASSWORDS = { 'HALL-A-01': 'alpha-password-0001', 'HALL-B-02': 'bravo-password-0002', 'YARD-C-03': 'charlie-password-03' };

const SCENARIO = [
  'name: data-run',
  'steps:',
  '  - boot',
  '  - call: { action: Authorize, payload: { idTag: "{{env.SITE}}-{{data.tag}}" }, expect: { idTagInfo.status: Accepted } }',
  '',
].join('\n');

/** The payloads of the CALLs of `action` each charge point sent, by charge point id. */
function callsOf(frames: MessageEvent[], action: string): Map<string, Record<string, unknown>> {
  const out = new Map<string, Record<string, unknown>>();
  for (const event of frames) {
    if (event.direction !== 'in') continue;
    const frame = JSON.parse(event.text) as unknown[];
    if (frame[0] === 2 && frame[2] === action) out.set(event.chargePointId, frame[3] as Record<string, unknown>);
  }
  return out;
}

test('--data: three charge points connect with the ids and passwords of the CSV, boot with its vendor, model and serial, and send its tags', () => withTempDir(async (dir) => {
  await writeFile(join(dir, 'chargers.csv'), CSV);
  await writeFile(join(dir, 'tags.yaml'), SCENARIO);
  const frames: MessageEvent[] = [];
  const connected: string[] = [];
  await withWatchedGateway({ auth: { passwords: PASSWORDS }, onMessage: (e) => frames.push(e), onConnect: (e) => connected.push(e.chargePointId) }, async (gw) => {
    const argv = ['run', '--url', gw.url, '--count', '3', '--data', 'chargers.csv', '--scenario', 'tags.yaml', '--trace', 't.ndjson', '--trace-ids', 'HALL-B-02', ...RUN];
    const run = await runCli(argv, { cwd: dir, env: { SITE: 'N' }, ms: 20_000 });
    assert.equal(run.code, 0, run.stderr());
    assert.doesNotMatch(run.stderr(), /not in this fleet/, '--trace-ids knows the ids of the file');
    const traced = new Set((await readFile(join(dir, 't.ndjson'), 'utf8')).trim().split('\n').map((line) => (JSON.parse(line) as { cp: string }).cp));
    assert.deepEqual([...traced], ['HALL-B-02']);
    assert.deepEqual([...connected].sort(), Object.keys(PASSWORDS), 'the gateway saw exactly the ids of the file, each with its own password');
    const boots = callsOf(frames, 'BootNotification');
    assert.deepEqual(boots.get('HALL-A-01'), { chargePointVendor: 'Acme', chargePointModel: 'AC 22, wall', chargePointSerialNumber: 'SN-0001' });
    assert.deepEqual(boots.get('HALL-B-02'), { chargePointVendor: 'Volt Inc', chargePointModel: 'DC-150', chargePointSerialNumber: 'SN-0002' });
    assert.deepEqual(boots.get('YARD-C-03'), { chargePointVendor: 'Acme', chargePointModel: 'AC-11', chargePointSerialNumber: 'SN-0003' });
    const tags = callsOf(frames, 'Authorize');
    assert.deepEqual(Object.fromEntries([...tags].map(([id, p]) => [id, p.idTag])), { 'HALL-A-01': 'N-TAG-A', 'HALL-B-02': 'N-TAG-B', 'YARD-C-03': 'N-TAG-C' });
  });
}));

for (const via of ['data: in the scenario', '--data'] as const) {
  test(`${via} with --workers 2: the rows go by global index, so the two processes together connect every id once`, () => withTempDir(async (dir) => {
    const rows = Array.from({ length: 6 }, (_, i) => ({ id: `W-${i + 1}`, vendor: `V${i + 1}`, tag: `T${i + 1}` }));
    await writeFile(join(dir, 'fleet.json'), JSON.stringify(rows));
    await writeFile(join(dir, 'own.yaml'), via === '--data' ? SCENARIO : SCENARIO.replace('steps:', 'data: fleet.json\nsteps:'));
    const frames: MessageEvent[] = [];
    await withWatchedGateway({ onMessage: (e) => frames.push(e) }, async (gw) => {
      const argv = ['run', '--url', gw.url, '--count', '6', '--workers', '2', '--scenario', 'own.yaml', ...(via === '--data' ? ['--data', 'fleet.json'] : []), ...RUN];
      const run = await runCli(argv, { cwd: dir, env: { SITE: 'S' }, ms: 30_000 });
      assert.equal(run.code, 0, run.stderr());
      assert.match(run.stderr(), /in 2 worker processes/);
      const boots = callsOf(frames, 'BootNotification');
      assert.deepEqual(Object.fromEntries([...boots].map(([id, p]) => [id, p.chargePointVendor])), Object.fromEntries(rows.map((r) => [r.id, r.vendor])));
      const tags = callsOf(frames, 'Authorize');
      assert.deepEqual(Object.fromEntries([...tags].map(([id, p]) => [id, p.idTag])), Object.fromEntries(rows.map((r) => [r.id, `S-${r.tag}`])), 'the workers render the environment the parent read');
    });
  }));
}

const REFUSED: Array<{ name: string; files: Record<string, string>; argv: string[]; env?: Record<string, string>; error: RegExp }> = [
  { name: 'a --data file that is not there', files: {}, argv: ['--data', 'none.csv'], error: /--data: .*none\.csv: data file not found$/ },
  { name: 'a --data file with a broken row', files: { 'b.csv': 'id,vendor\nA,x\nB\n' }, argv: ['--data', 'b.csv'], error: /--data: .*b\.csv:3: 1 field, the header has 2$/ },
  { name: 'more charge points than rows with ids', files: { 'ids.csv': 'id\nA\nB\nC\n' }, argv: ['--data', 'ids.csv', '--count', '4'], error: /error: \S*ids\.csv: charge points 1 and 4 would both take row 1 and its id/ },
  { name: 'an unknown column', files: { 'v.csv': 'vendor\nAcme\n', 's.yaml': 'steps:\n  - boot\n  - call: { action: Authorize, payload: { idTag: "{{data.tag}}" } }\n' }, argv: ['--data', 'v.csv', '--scenario', 's.yaml'], error: /invalid scenario: .*s\.yaml:3:\d+: unknown data column 'tag' in \{\{data\.tag\}\} \(columns: vendor\)$/ },
  { name: 'an unset environment variable', files: { 's.yaml': 'steps:\n  - boot\n  - call: { action: Authorize, payload: { idTag: "{{env.NOT_SET_HERE}}" } }\n' }, argv: ['--scenario', 's.yaml'], error: /invalid scenario: .*s\.yaml:3:\d+: environment variable NOT_SET_HERE is not set/ },
  { name: 'a data template and no data file', files: { 's.yaml': 'steps:\n  - boot\n  - call: { action: Authorize, payload: { idTag: "{{data.tag}}" } }\n' }, argv: ['--scenario', 's.yaml'], error: /s\.yaml:3:\d+: \{\{data\.tag\}\}: no data file/ },
];

for (const { name, files, argv, env, error } of REFUSED) {
  test(`run refuses ${name} before connecting: one error line, exit 104`, () => withTempDir(async (dir) => {
    for (const [file, text] of Object.entries(files)) await writeFile(join(dir, file), text);
    await withWatchedGateway({}, async (gw) => {
      const run = await runCli(['run', '--url', gw.url, ...argv, ...RUN], { cwd: dir, ...(env ? { env } : {}) });
      assert.equal(run.code, 104, run.stderr());
      assert.match(oneErrorLine(run), error);
      assert.equal(gw.accepted(), 0, 'nothing connected');
    });
  }));
}
