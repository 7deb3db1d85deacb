import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DATA_LIMITS, DataError, dataValue, loadDataSet, parseDataSet } from '../../../src/chargepoint/scenario/data-set.js';

// parseDataSet is pure: CSV (header row) and JSON (array of objects) give the same rows; bad
// files give one DataError naming the file and the line (CSV) or row (JSON).

test('a CSV file: header names the columns, every value a string, rows in file order', () => {
  const data = parseDataSet('id,vendor,limit\r\nCP-A,Acme,32\r\nCP-B,"Volt, Inc",16\r\n', 'cps.csv');
  assert.deepEqual(data.columns, ['id', 'vendor', 'limit']);
  assert.deepEqual(data.rows, [['CP-A', 'Acme', '32'], ['CP-B', 'Volt, Inc', '16']]);
  assert.ok(Object.isFrozen(data) && Object.isFrozen(data.rows) && Object.isFrozen(data.rows[0]));
});

test('a JSON file: the first object\'s keys are the columns; numbers and booleans become text, null and missing keys empty', () => {
  const data = parseDataSet('[{"id":"CP-A","limit":32,"fast":true},{"id":"CP-B","limit":null},{"limit":7,"id":"CP-C"}]', 'cps.json');
  assert.deepEqual(data.columns, ['id', 'limit', 'fast']);
  assert.deepEqual(data.rows, [['CP-A', '32', 'true'], ['CP-B', '', ''], ['CP-C', '7', '']]);
});

test('charge point i takes row i mod rows', () => {
  const data = parseDataSet('tag\nT0\nT1\nT2\n', 'tags.csv');
  assert.deepEqual(Array.from({ length: 7 }, (_, i) => dataValue(data, i, 'tag')), ['T0', 'T1', 'T2', 'T0', 'T1', 'T2', 'T0']);
  assert.equal(dataValue(data, 0, 'nope'), undefined);
});

test('header names are trimmed; values are not', () => {
  const data = parseDataSet('id , vendor\nCP-1, Acme \n', 'cps.csv');
  assert.deepEqual(data.columns, ['id', 'vendor']);
  assert.deepEqual(data.rows[0], ['CP-1', ' Acme ']);
});

const BAD: Array<{ name: string; file: string; text: string; message: string | RegExp }> = [
  { name: 'an empty file', file: 'e.csv', text: '', message: 'e.csv: empty: a header row of column names and at least one row are needed' },
  { name: 'a header without rows', file: 'h.csv', text: 'id,vendor\n', message: 'h.csv:1: a header but no rows' },
  { name: 'a row with too few fields', file: 'f.csv', text: 'id,vendor\nA,x\nB\n', message: 'f.csv:3: 1 field, the header has 2' },
  { name: 'a row with too many fields', file: 'f.csv', text: 'a,b\n1,2,3\n', message: 'f.csv:2: 3 fields, the header has 2' },
  { name: 'a column name that is not a name', file: 'n.csv', text: 'id,max power\nA,1\n', message: /^n\.csv:1: column name "max power" must be letters, digits and _/ },
  { name: 'a column twice', file: 'd.csv', text: 'id,id\nA,B\n', message: "d.csv:1: column 'id' appears twice" },
  { name: 'a broken quote (with its line)', file: 'q.csv', text: 'id\nA\n"B\n', message: 'q.csv:3: a quoted field is never closed' },
  { name: 'an empty id', file: 'i.csv', text: 'id,vendor\nA,x\n,y\n', message: /^i\.csv:3: the id is empty/ },
  { name: 'an id twice', file: 'i.csv', text: 'id\nA\nB\nA\n', message: "i.csv:4: the id 'A' is also the id of row 1" },
  { name: 'an id with a space', file: 'i.csv', text: 'id\nCP 1\n', message: /^i\.csv:2: the id "CP 1" has a character OCPP identities may not hold/ },
  { name: 'an id longer than 48', file: 'i.csv', text: `id\n${'x'.repeat(49)}\n`, message: 'i.csv:2: the id is 49 characters long; OCPP allows at most 48' },
  { name: 'a vendor longer than BootNotification allows', file: 'v.csv', text: `vendor\n${'v'.repeat(21)}\n`, message: 'v.csv:2: vendor is 21 characters long; BootNotification allows at most 20' },
  { name: 'a serial longer than 25', file: 's.json', text: `[{"serial":"${'s'.repeat(26)}"}]`, message: 's.json: row 1: serial is 26 characters long; BootNotification allows at most 25' },
  { name: 'JSON that does not parse', file: 'b.json', text: '[{"id": }]', message: /^b\.json: invalid JSON: / },
  { name: 'JSON that is not an array', file: 'o.json', text: '{"id":"A"}', message: 'o.json: a JSON data file must be a non-empty array of objects' },
  { name: 'an empty JSON array', file: 'o.json', text: '[]', message: 'o.json: a JSON data file must be a non-empty array of objects' },
  { name: 'a JSON row that is not an object', file: 'r.json', text: '[{"id":"A"},"B"]', message: 'r.json: row 2 is not an object' },
  { name: 'a JSON row with a column row 1 lacks', file: 'r.json', text: '[{"id":"A"},{"id":"B","pin":"1"}]', message: "r.json: row 2 has column 'pin', which row 1 has not (every row has the columns of row 1)" },
  { name: 'a nested JSON value', file: 'r.json', text: '[{"id":"A","tags":["x"]}]', message: "r.json: row 1: 'tags' must be a string, number or boolean" },
];

for (const { name, file, text, message } of BAD) {
  test(`parseDataSet refuses ${name} with one line naming the file`, () => {
    assert.throws(() => parseDataSet(text, file), (error: unknown) => {
      assert.ok(error instanceof DataError, String(error));
      assert.doesNotMatch(error.message, /\n/);
      if (typeof message === 'string') assert.equal(error.message, message);
      else assert.match(error.message, message);
      return true;
    });
  });
}

test('parseDataSet refuses more columns than DATA_LIMITS allows', () => {
  const header = Array.from({ length: DATA_LIMITS.maxColumns + 1 }, (_, i) => `c${i}`).join(',');
  assert.throws(() => parseDataSet(`${header}\n${header}\n`, 'wide.csv'), /wide\.csv:1: more than 100 fields/);
});

test('loadDataSet: a missing file, a directory and a file over the size bound are one-line DataErrors', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'ocpp-sim-data-'));
  try {
    await assert.rejects(loadDataSet(join(dir, 'none.csv')), (e: unknown) => e instanceof DataError && e.message === `${join(dir, 'none.csv')}: data file not found`);
    await assert.rejects(loadDataSet(dir), (e: unknown) => e instanceof DataError && /is a directory, not a data file$/.test(e.message));
    const big = join(dir, 'big.csv');
    await writeFile(big, `id\n${'x\n'.repeat(600)}`);
    await assert.rejects(loadDataSet(big, 1000), (e: unknown) => e instanceof DataError && e.message === `${big}: 1203 bytes: data files are limited to 1000 bytes`);
    const ok = join(dir, 'ok.csv');
    await writeFile(ok, 'id,vendor\nCP-1,Acme\n');
    assert.deepEqual((await loadDataSet(ok)).rows, [['CP-1', 'Acme']]);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
