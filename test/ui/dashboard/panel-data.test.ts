import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  correctedDiffers, errorItems, errorItemText, errorLabel, ladderRungs, latencySplit, scrollStart, visibleStates,
} from '../../../src/ui/dashboard/panel-data.js';
import { pct, states } from './fixtures.js';

test('the listed states are those with charge points, the biggest kept when rows are short, in lifecycle order', () => {
  const s = states({ idle: 10, connecting: 3, accepted: 50, backoff: 1, offline: 4, 'gave-up': 2 });
  const cases: Array<[number, string[]]> = [
    [9, ['idle', 'connecting', 'accepted', 'backoff', 'offline', 'gave-up']],
    [4, ['idle', 'connecting', 'accepted', 'offline']],
    [3, ['idle', 'accepted', 'offline']],
    [1, ['accepted']],
    [0, []],
  ];
  for (const [rows, listed] of cases) assert.deepEqual(visibleStates(s, rows), listed, `${rows} rows`);
  assert.deepEqual(visibleStates(states({}), 4), ['idle']);
});

test('error kinds read as words: CallError codes, timeouts per action, connect failures', () => {
  const cases: Array<[string, string]> = [
    ['callerror:InternalError', 'CallError InternalError'],
    ['timeout:Heartbeat', 'timeout Heartbeat'],
    ['invalid-answer:BootNotification', 'invalid answer BootNotification'],
    ['connection-lost:Heartbeat', 'connection lost Heartbeat'],
    ['unanswered:Heartbeat', 'unanswered Heartbeat'],
    ['connect:ECONNREFUSED', 'connect ECONNREFUSED'],
    ['something-else', 'something-else'],
  ];
  for (const [kind, label] of cases) assert.equal(errorLabel(kind), label);
});

test('error items list kinds by count, then close codes by count, leaving out zeros', () => {
  const items = errorItems({ 'timeout:Heartbeat': 3, 'callerror:InternalError': 12, 'bad-frame': 3, expectation: 0 }, { 1000: 1, 1006: 4 });
  assert.deepEqual(items.map(errorItemText), ['CallError InternalError ×12', 'bad-frame ×3', 'timeout Heartbeat ×3', 'close 1006 ×4', 'close 1000 ×1']);
  assert.deepEqual(errorItems({}, {}), []);
});

test('the ladder runs min, p50, p90, p95, p99, max and keeps the most telling rungs when short', () => {
  const l = pct(100, 1, 2, 3, 4, 5, 6);
  const labels = (max?: number): string[] => ladderRungs(l, undefined, max).map((r) => r.label);
  assert.deepEqual(labels(), ['min', 'p50', 'p90', 'p95', 'p99', 'max']);
  assert.deepEqual(ladderRungs(l, undefined).map((r) => r.ms), [1, 2, 3, 4, 5, 6]);
  assert.deepEqual(labels(3), ['p50', 'p99', 'max']);
  assert.deepEqual(labels(2), ['p50', 'p99']);
  assert.deepEqual(labels(0), []);
});

test('the corrected p99 joins the ladder, after p99, only when it differs', () => {
  const l = pct(100, 1, 2, 3, 4, 5, 6);
  const rungs = ladderRungs(l, pct(100, 1, 2, 3, 4, 250, 300));
  assert.deepEqual(rungs.map((r) => `${r.label}=${r.ms}`), ['min=1', 'p50=2', 'p90=3', 'p95=4', 'p99=5', 'CO p99=250', 'max=6']);
  assert.deepEqual(ladderRungs(l, pct(100, 1, 2, 3, 4, 250, 300), 3).map((r) => r.label), ['p50', 'p99', 'CO p99']);
  assert.deepEqual(ladderRungs(l, pct(100, 1, 2, 3, 4, 5, 6)).map((r) => r.label), ['min', 'p50', 'p90', 'p95', 'p99', 'max']);
});

test('the corrected p99 differs when it is off by at least 1 % and 0.01 ms', () => {
  const cases: Array<[number, number | undefined, boolean]> = [
    [100, undefined, false], [100, 100, false], [100, 100.5, false], [100, 101, true], [100, 250, true], [0.5, 0.505, false], [0.5, 0.52, true],
  ];
  for (const [p99, corrected, differs] of cases) {
    const c = corrected === undefined ? undefined : pct(10, 0, 0, 0, 0, corrected, corrected);
    assert.equal(correctedDiffers(pct(10, 0, 0, 0, 0, p99, p99), c), differs, `${p99} vs ${corrected}`);
  }
  assert.equal(correctedDiffers(pct(10, 0, 0, 0, 0, 1, 1), pct(0, 0, 0, 0, 0, 0, 0)), false);
});

test('the latency panel gives its table up to 3 rows before the ladder takes any, and a ladder at least 3 rows', () => {
  const cases: Array<[actions: number, avail: number, ladder: number, table: number, ladderRows: number]> = [
    [3, 20, 7, 3, 7],
    [3, 10, 7, 3, 7],
    [3, 6, 7, 3, 3],
    [3, 5, 7, 3, 0],
    [3, 2, 7, 2, 0],
    [8, 10, 7, 3, 7],
    [8, 20, 7, 8, 7],
    [8, 12, 7, 5, 7],
    [0, 10, 7, 0, 0],
    [1, 1, 7, 1, 0],
  ];
  for (const [actions, avail, ladder, table, ladderRows] of cases) {
    assert.deepEqual(latencySplit(actions, avail, ladder), { tableRows: table, ladderRows }, `${actions} actions in ${avail} rows`);
  }
});

test('a scrolled list keeps the selected row in view, scrolling as little as possible', () => {
  const cases: Array<[selected: number, rows: number, total: number, start: number]> = [
    [0, 3, 8, 0], [2, 3, 8, 0], [3, 3, 8, 1], [7, 3, 8, 5], [7, 8, 8, 0], [5, 0, 8, 0],
  ];
  for (const [selected, rows, total, start] of cases) assert.equal(scrollStart(selected, rows, total), start, `${selected} in ${rows}/${total}`);
});
