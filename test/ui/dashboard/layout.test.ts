import assert from 'node:assert/strict';
import { test } from 'node:test';
import { allocateRows, columnWidths, COLUMN_GAP, planLayout, type PanelId, type PanelNeed } from '../../../src/ui/dashboard/layout.js';

const NEEDS: Record<PanelId, PanelNeed> = {
  fleet: { min: 3, ideal: 7 }, stages: { min: 0, ideal: 0 }, throughput: { min: 3, ideal: 3 }, latency: { min: 3, ideal: 12 }, errors: { min: 2, ideal: 8 }, tool: { min: 1, ideal: 1 },
};
const needs = (id: PanelId): PanelNeed => NEEDS[id];
const ALL: PanelId[] = ['fleet', 'throughput', 'latency', 'errors', 'tool'];
const rowsOf = (panels: Array<{ id: PanelId; rows: number }>): string => panels.map((p) => `${p.id}:${p.rows}`).join(' ');

test('columns: one below 120 characters, two from 120 on, the left one narrower', () => {
  const cases: Array<[number, number[]]> = [[40, [40]], [80, [80]], [119, [119]], [120, [49, 69]], [200, [83, 115]], [0, [1]]];
  for (const [columns, widths] of cases) {
    assert.deepEqual(columnWidths(columns), widths, `${columns} columns`);
    if (widths.length === 2) assert.equal((widths[0] as number) + (widths[1] as number) + COLUMN_GAP, columns);
  }
});

test('rows go first to each panel minimum in keep order, then up to the ideals in grow order', () => {
  const cases: Array<[budget: number, expected: string, dropped: PanelId[]]> = [
    [100, 'fleet:7 throughput:3 latency:12 errors:8 tool:1', []],
    [21, 'fleet:7 throughput:3 latency:8 errors:2 tool:1', []],
    [12, 'fleet:3 throughput:3 latency:3 errors:2 tool:1', []],
    [10, 'fleet:4 throughput:3 errors:2 tool:1', ['latency']],
    [7, 'fleet:3 throughput:3 tool:1', ['latency', 'errors']],
    [3, 'fleet:3', ['throughput', 'latency', 'errors', 'tool']],
    [0, '', ALL],
  ];
  for (const [budget, expected, dropped] of cases) {
    const out = allocateRows(budget, ALL, needs);
    assert.equal(rowsOf(out.panels), expected, `budget ${budget}`);
    assert.deepEqual(out.dropped, dropped, `dropped at budget ${budget}`);
    assert.ok(out.panels.reduce((a, p) => a + p.rows, 0) <= budget);
  }
});

test('80×24 stacks every panel in one column within 21 rows (24 less the header and a free row)', () => {
  const plan = planLayout(80, 24, needs);
  assert.equal(plan.columns.length, 1);
  assert.equal(plan.columns[0]?.width, 80);
  assert.equal(rowsOf(plan.columns[0]?.panels ?? []), 'fleet:7 throughput:3 latency:8 errors:2 tool:1');
  assert.deepEqual(plan.dropped, []);
});

test('a wide terminal gets two columns, each with its own row budget', () => {
  const plan = planLayout(160, 20, needs);
  assert.deepEqual(plan.columns.map((c) => c.width), [66, 92]);
  assert.equal(rowsOf(plan.columns[0]?.panels ?? []), 'fleet:7 throughput:3 tool:1');
  assert.equal(rowsOf(plan.columns[1]?.panels ?? []), 'latency:12 errors:5');
});

test('a short terminal drops the less important panels, the widths passed to needs are the column widths', () => {
  const widths: number[] = [];
  const plan = planLayout(80, 11, (id, width) => {
    widths.push(width);
    return NEEDS[id];
  });
  assert.deepEqual(plan.dropped, ['latency', 'errors']);
  assert.ok(widths.every((w) => w === 80));
});

test('with a stage plan its panel sits below the fleet in one column and tops the right column in two; without one it takes no row', () => {
  const staged = (id: PanelId): PanelNeed => (id === 'stages' ? { min: 3, ideal: 7 } : NEEDS[id]);
  const one = planLayout(80, 30, staged);
  assert.equal(rowsOf(one.columns[0]?.panels ?? []), 'fleet:7 stages:7 throughput:3 latency:7 errors:2 tool:1');
  const short = planLayout(80, 14, staged);
  assert.equal(rowsOf(short.columns[0]?.panels ?? []), 'fleet:4 stages:3 throughput:3 tool:1');
  assert.deepEqual(short.dropped, ['latency', 'errors']);
  const two = planLayout(160, 30, staged);
  assert.equal(rowsOf(two.columns[1]?.panels ?? []), 'stages:7 latency:12 errors:8');
  const none = planLayout(80, 30, needs);
  assert.ok(!none.columns.some((c) => c.panels.some((p) => p.id === 'stages')));
  assert.ok(!none.dropped.includes('stages'));
});
