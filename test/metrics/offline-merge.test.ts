import assert from 'node:assert/strict';
import { test } from 'node:test';
import { mergeMetrics } from '../../src/metrics/merge.js';
import { Recorder } from '../../src/metrics/recorder.js';
import { documentFigures, metricsOfDocument, type SummaryDocument } from '../../src/report/summary-document.js';

// The offline queue's figures merge exactly, as every other: parts of a fleet (workers,
// shards, `report merge`) give the figures of one recorder that saw every event.

interface Events { queued: string[]; flushed: Array<[string, number]>; dropped: string[]; skipped: string[]; unsent: string[]; flushMs: number[] }

function play(recorders: Recorder[], e: Events): void {
  for (const r of recorders) {
    for (const a of e.queued) r.offline.queued(a);
    for (const [a, age] of e.flushed) r.offline.flushed(a, age);
    for (const a of e.dropped) r.offline.dropped(a);
    for (const a of e.skipped) r.offline.skipped(a);
    for (const a of e.unsent) r.offline.unsent(a);
    for (const ms of e.flushMs) r.offline.flushCompleted(ms);
  }
}

const PARTS: Events[][] = [
  [{ queued: ['MeterValues', 'StopTransaction'], flushed: [['MeterValues', 20_000], ['StopTransaction', 3]], dropped: [], skipped: ['StatusNotification'], unsent: [], flushMs: [41] }],
  [
    { queued: ['TransactionEvent', 'TransactionEvent'], flushed: [['TransactionEvent', 1], ['TransactionEvent', 7_000]], dropped: [], skipped: [], unsent: [], flushMs: [12, 900] },
    { queued: ['TransactionEvent', 'TransactionEvent', 'TransactionEvent'], flushed: [['TransactionEvent', 15]], dropped: ['TransactionEvent'], skipped: ['Heartbeat'], unsent: ['TransactionEvent'], flushMs: [] },
  ],
  [{ queued: [], flushed: [], dropped: [], skipped: [], unsent: [], flushMs: [] }, { queued: ['StartTransaction'], flushed: [['StartTransaction', 250]], dropped: [], skipped: [], unsent: [], flushMs: [5] }],
];

for (const [i, parts] of PARTS.entries()) {
  test(`offline figures of ${parts.length} part(s) (case ${i + 1}) merge into those of one recorder of every event`, () => {
    const whole = new Recorder();
    const snaps = parts.map((events) => {
      const part = new Recorder();
      play([part, whole], events);
      return part.snapshot(true);
    });
    const merged = mergeMetrics(snaps);
    const expected = whole.snapshot(true);
    for (const key of ['offlineQueued', 'offlineFlushed', 'offlineDropped', 'offlineSkipped', 'offlineUnsent', 'offlineAge', 'flushTime'] as const) {
      assert.deepEqual(merged[key], expected[key], key);
    }
    assert.equal(merged.histograms?.offlineAge, expected.histograms?.offlineAge);
    assert.equal(merged.histograms?.flushTime, expected.histograms?.flushTime);
  });
}

test('a summary from before the offline queue (no offline figures or histograms) still merges, counting none', () => {
  const now = new Recorder();
  play([now], { queued: ['MeterValues'], flushed: [['MeterValues', 100]], dropped: [], skipped: [], unsent: [], flushMs: [10] });
  const old = new Recorder().snapshot(true);
  for (const key of ['offlineQueued', 'offlineFlushed', 'offlineDropped', 'offlineSkipped', 'offlineUnsent', 'offlineAge', 'flushTime'] as const) delete old[key];
  if (old.histograms) {
    delete old.histograms.offlineAge;
    delete old.histograms.flushTime;
  }
  const doc = { ...documentFigures(old) } as unknown as SummaryDocument;
  const merged = mergeMetrics([metricsOfDocument(doc), now.snapshot(true)]);
  assert.deepEqual(merged.offlineFlushed, { MeterValues: 1 });
  assert.equal(merged.offlineAge?.count, 1);
  assert.equal(merged.flushTime?.max, 10);
});

test('firmware statuses merge by status; a summary from before them counts none, and only inputs without them give none', () => {
  const part = (statuses: string[]) => {
    const recorder = new Recorder();
    for (const status of statuses) recorder.firmwareStatus(status);
    return recorder.snapshot(true);
  };
  const older = () => {
    const snap = part([]);
    delete snap.firmware;
    return snap;
  };
  const cases: Array<[string, ReturnType<typeof part>[], Record<string, number> | undefined]> = [
    ['two runs', [part(['Downloading', 'Installed']), part(['Downloading', 'DownloadFailed'])], { Downloading: 2, Installed: 1, DownloadFailed: 1 }],
    ['with an older summary', [older(), part(['Installed'])], { Installed: 1 }],
    ['only older summaries', [older(), older()], undefined],
  ];
  for (const [name, parts, expected] of cases) assert.deepEqual(mergeMetrics(parts).firmware, expected, name);
});
