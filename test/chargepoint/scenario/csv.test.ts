import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseCsv, type CsvLimits } from '../../../src/chargepoint/scenario/csv.js';

// parseCsv is pure: a table of texts and the records (fields, first line) each becomes, then a
// table of broken texts with the line each problem must be reported at.

const WIDE: CsvLimits = { maxRecords: 100, maxFields: 10, maxFieldLength: 50 };

const GOOD: Array<{ name: string; text: string; records: Array<[number, string[]]> }> = [
  { name: 'plain fields, LF', text: 'a,b\n1,2\n', records: [[1, ['a', 'b']], [2, ['1', '2']]] },
  { name: 'CRLF line ends and no final line end', text: 'a,b\r\n1,2\r\n3,4', records: [[1, ['a', 'b']], [2, ['1', '2']], [3, ['3', '4']]] },
  { name: 'a lone CR as a line end', text: 'a\r1\r', records: [[1, ['a']], [2, ['1']]] },
  { name: 'empty fields, leading and trailing', text: ',x,\n', records: [[1, ['', 'x', '']]] },
  { name: 'a quoted field with commas', text: '"a,b",c', records: [[1, ['a,b', 'c']]] },
  { name: 'doubled quotes inside quotes', text: '"say ""hi""",x', records: [[1, ['say "hi"', 'x']]] },
  { name: 'an empty quoted field', text: '"",x', records: [[1, ['', 'x']]] },
  { name: 'line breaks inside quotes count as lines', text: '"a\nb",c\r\n"d\r\ne",f\ng,h', records: [[1, ['a\nb', 'c']], [3, ['d\r\ne', 'f']], [5, ['g', 'h']]] },
  { name: 'blank lines skipped, lines still counted', text: 'a\n\n\r\nb\n', records: [[1, ['a']], [4, ['b']]] },
  { name: 'a byte-order mark skipped', text: '\ufeffid,vendor\nCP1,Acme', records: [[1, ['id', 'vendor']], [2, ['CP1', 'Acme']]] },
  { name: 'spaces kept as written', text: ' a , b \n', records: [[1, [' a ', ' b ']]] },
  { name: 'UTF-8 text', text: 'Ünïcødé,日本\n', records: [[1, ['Ünïcødé', '日本']]] },
  { name: 'nothing at all', text: '', records: [] },
];

for (const { name, text, records } of GOOD) {
  test(`parseCsv reads ${name}`, () => {
    const read = parseCsv(text, WIDE);
    assert.ok('records' in read, JSON.stringify(read));
    assert.deepEqual(read.records.map((r) => [r.line, r.fields]), records);
  });
}

const BAD: Array<{ name: string; text: string; limits?: Partial<CsvLimits>; line: number; words: RegExp }> = [
  { name: 'a quote never closed', text: 'a\n"open,\nmore\n', line: 2, words: /never closed/ },
  { name: 'text after a closing quote', text: 'a,b\n"x"y,z', line: 2, words: /after the closing quote/ },
  { name: 'a quote inside an unquoted field', text: 'a\nab"c', line: 2, words: /quote inside an unquoted field/ },
  { name: 'a quote inside an unquoted field after a quoted multi-line one', text: '"a\nb",c\nd"', line: 3, words: /quote inside/ },
  { name: 'more records than the limit', text: 'h\n1\n2\n3\n', limits: { maxRecords: 3 }, line: 4, words: /more than 2 rows/ },
  { name: 'more fields than the limit', text: 'a,b,c\n', limits: { maxFields: 2 }, line: 1, words: /more than 2 fields/ },
  { name: 'a field longer than the limit', text: 'a\nabcdef\n', limits: { maxFieldLength: 5 }, line: 2, words: /longer than 5/ },
  { name: 'a quoted field longer than the limit', text: 'a\n"abc\ndef"\n', limits: { maxFieldLength: 5 }, line: 3, words: /longer than 5/ },
];

for (const { name, text, limits, line, words } of BAD) {
  test(`parseCsv refuses ${name}, at line ${line}`, () => {
    const read = parseCsv(text, { ...WIDE, ...limits });
    assert.ok('problem' in read, JSON.stringify(read));
    assert.equal(read.problem.line, line);
    assert.match(read.problem.message, words);
  });
}

test('parseCsv reads 100,000 records of a generated file back exactly', () => {
  const rows = Array.from({ length: 100_000 }, (_, i) => [`CP-${i}`, i % 7 === 0 ? 'a,"b"' : `v${i}`]);
  const text = rows.map((r) => r.map((f) => (/[",]/.test(f) ? `"${f.replace(/"/g, '""')}"` : f)).join(',')).join('\r\n');
  const read = parseCsv(text, { maxRecords: 100_000, maxFields: 2, maxFieldLength: 20 });
  assert.ok('records' in read);
  assert.deepEqual(read.records.map((r) => r.fields), rows);
  assert.equal(read.records.at(-1)?.line, 100_000);
});
