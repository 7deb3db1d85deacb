import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseDataSet } from '../../../src/chargepoint/scenario/data-set.js';
import { checkScenario, loadScenario, parseScenario, type ScenarioOptions } from '../../../src/chargepoint/scenario/loader.js';
import { ScenarioError } from '../../../src/chargepoint/scenario/types.js';
import { chargePointProfileOf } from '../../../src/chargepoint/scenario/data-row.js';
import { bootPayload } from '../../../src/chargepoint/v16/payloads.js';
import { bootRequestV201 } from '../../../src/chargepoint/v201/payloads.js';
import { validatorFor } from '../../../src/protocol/validator.js';
import { repoRoot } from '../../helpers/repo-root.js';
import { yaml } from './harness.js';

// `{{data.COLUMN}}` and `{{env.NAME}}` at load time: what is known then is checked then, each
// problem one line naming the scenario file, line and column.

const DATA = parseDataSet('id,vendor,tag\nCP-A,Acme,T1\n', 'cps.csv');

/** A scenario whose one call (line 4) authorizes `idTag`. */
const withTag = (idTag: string): string => yaml('name: t', 'steps:', '  - boot', `  - call: { action: Authorize, payload: { idTag: "${idTag}" } }`);

const PROBLEMS: Array<{ name: string; text: string; options: ScenarioOptions; message: string }> = [
  { name: 'an unknown column of a known data file', text: withTag('{{data.colour}}'), options: { data: DATA }, message: "s.yaml:4:50: unknown data column 'colour' in {{data.colour}} (columns: id, vendor, tag)" },
  { name: 'a data template in a run without a data file', text: withTag('{{data.tag}}'), options: { needData: true }, message: 's.yaml:4:50: {{data.tag}}: no data file (give --data FILE, or data: FILE in the scenario)' },
  { name: 'an environment variable that is not set', text: withTag('{{env.TAG_OF_SITE}}'), options: { env: { OTHER: 'x' } }, message: 's.yaml:4:50: environment variable TAG_OF_SITE is not set ({{env.TAG_OF_SITE}})' },
  { name: 'an environment variable set to undefined', text: withTag('{{env.TAG}}'), options: { env: { TAG: undefined } }, message: 's.yaml:4:50: environment variable TAG is not set ({{env.TAG}})' },
  { name: 'an env template where no environment is given', text: withTag('{{env.TAG}}'), options: {}, message: 's.yaml:4:50: {{env.TAG}}: no environment is given here' },
  { name: 'a bad column name', text: withTag('{{data.1x}}'), options: { data: DATA }, message: 's.yaml:4:50: bad column name in {{data.1x}}' },
  { name: 'arguments to a data template', text: withTag('{{data.tag 2}}'), options: { data: DATA }, message: 's.yaml:4:50: {{data.tag 2}}: takes no arguments' },
  { name: 'a data: that is not a path', text: yaml('data: 3', 'steps: [boot]'), options: {}, message: 's.yaml:1:7: `data` must be the path of a CSV or JSON file, relative to the scenario file' },
  { name: 'a data: no loader read, in a run', text: yaml('data: cps.csv', 'steps: [boot]'), options: { needData: true }, message: 's.yaml:1:7: data: the file was not read (parseScenario reads no files; use loadScenario)' },
];

for (const { name, text, options, message } of PROBLEMS) {
  test(`a scenario with ${name} is refused with one line`, () => {
    assert.throws(() => parseScenario(text, 's.yaml', options), (error: unknown) => error instanceof ScenarioError && error.message === message);
  });
}

test('a data template with no data file known yet is only checked for syntax (validate; the run checks the columns)', () => {
  assert.deepEqual(checkScenario(withTag('{{data.tag}}'), 's.yaml').problems, []);
});

test('known columns and set variables pass; the scenario keeps the rows and the values of the variables it reads, and only those', () => {
  const scenario = parseScenario(withTag('{{env.SITE}}-{{data.tag}}'), 's.yaml', { data: DATA, env: { SITE: 'north', UNUSED: 'x' } });
  assert.equal(scenario.data, DATA);
  assert.deepEqual({ ...scenario.env }, { SITE: 'north' });
  assert.ok(Object.isFrozen(scenario.env));
});

test('an empty environment variable counts as set', () => {
  assert.deepEqual({ ...parseScenario(withTag('x{{env.EMPTY}}'), 's.yaml', { env: { EMPTY: '' } }).env }, { EMPTY: '' });
});

test('loadScenario reads data: relative to the scenario file; --data (options.data) replaces it; a bad data file is reported at the data: line', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'ocpp-sim-data-scenario-'));
  try {
    await writeFile(join(dir, 'cps.csv'), 'id,tag\nCP-1,T-1\nCP-2,T-2\n');
    await writeFile(join(dir, 'bad.csv'), 'id,tag\nCP-1\n');
    await writeFile(join(dir, 'own.yaml'), yaml('name: own', 'data: cps.csv', 'steps:', '  - boot', '  - call: { action: Authorize, payload: { idTag: "{{data.tag}}" } }'));
    await writeFile(join(dir, 'broken.yaml'), yaml('name: broken', 'data: bad.csv', 'steps: [boot]'));
    await writeFile(join(dir, 'missing.yaml'), yaml('name: missing', 'data: nowhere.csv', 'steps: [boot]'));
    const own = await loadScenario(join(dir, 'own.yaml'), { needData: true });
    assert.deepEqual(own.data?.rows, [['CP-1', 'T-1'], ['CP-2', 'T-2']]);
    const replaced = await loadScenario(join(dir, 'own.yaml'), { needData: true, data: parseDataSet('tag\nX\n', 'other.csv') });
    assert.equal(replaced.data?.file, 'other.csv');
    await assert.rejects(loadScenario(join(dir, 'own.yaml'), { data: parseDataSet('id\nX\n', 'other.csv') }), (e: unknown) => e instanceof ScenarioError && /own\.yaml:5:\d+: unknown data column 'tag'/.test(e.message));
    await assert.rejects(loadScenario(join(dir, 'broken.yaml')), (e: unknown) => e instanceof ScenarioError && e.message === `${join(dir, 'broken.yaml')}:2:7: data: ${join(dir, 'bad.csv')}:2: 1 field, the header has 2`);
    await assert.rejects(loadScenario(join(dir, 'missing.yaml')), (e: unknown) => e instanceof ScenarioError && e.message === `${join(dir, 'missing.yaml')}:2:7: data: ${join(dir, 'nowhere.csv')}: data file not found`);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test('examples/per-charger-data.yaml loads with its chargers.csv: four rows with ids', async () => {
  const scenario = await loadScenario(join(repoRoot(), 'examples', 'per-charger-data.yaml'), { needData: true, env: {} });
  assert.deepEqual(scenario.data?.rows.map((row) => row[0]), ['HALL-A-01', 'HALL-A-02', 'YARD-B-01', 'YARD-B-02']);
  assert.equal(chargePointProfileOf(scenario, 6).serialNumber, 'VLT-00,17', 'charge point 6 takes row 6 mod 4 = 2');
});

test('a data row\'s vendor, model, serial and firmware replace the scenario\'s in a schema-valid BootNotification of each version; empty values keep the scenario\'s', () => {
  const data = parseDataSet('vendor,model,serial,firmwareVersion\nAcme,M1,SN-1,2.0\n,,,\n', 'boot.csv');
  for (const protocol of ['ocpp1.6', 'ocpp2.0.1'] as const) {
    const scenario = parseScenario(yaml(`protocol: ${protocol}`, 'chargePoint: { vendor: Base, model: B0 }', 'steps: [boot]'), 's.yaml', { data });
    const first = chargePointProfileOf(scenario, 0);
    assert.deepEqual({ ...first }, { vendor: 'Acme', model: 'M1', connectors: 1, serialNumber: 'SN-1', firmwareVersion: '2.0' });
    assert.equal(chargePointProfileOf(scenario, 1), scenario.chargePoint, 'an empty row is the scenario\'s own profile');
    const boot = protocol === 'ocpp1.6' ? bootPayload(first) : bootRequestV201(first, 'PowerUp');
    validatorFor(protocol).validate('BootNotification', 'req', boot);
    if (protocol === 'ocpp1.6') assert.deepEqual(boot, { chargePointVendor: 'Acme', chargePointModel: 'M1', firmwareVersion: '2.0', chargePointSerialNumber: 'SN-1' });
    else assert.deepEqual(boot, { reason: 'PowerUp', chargingStation: { model: 'M1', vendorName: 'Acme', firmwareVersion: '2.0', serialNumber: 'SN-1' } });
  }
});
