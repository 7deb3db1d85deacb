import assert from 'node:assert/strict';
import { test } from 'node:test';
import { STORM_TAIL_MS, StormTracker, mergeStorms, stormFigures } from '../../src/runner/storm.js';

// The outage storm's "queued messages flushed": messages sent from offline queues after the
// outage began, counted on the fleet's clock (times below are that clock, in ms).

const TABLE: Array<{ name: string; flushesAt: number[]; boots: Array<[index: number, at: number]>; stopAt?: number; counted: number }> = [
  { name: 'flushes after the outage are counted', flushesAt: [6000, 6001, 6002], boots: [], counted: 3 },
  { name: 'flushes after the whole herd is back still count (they follow the boots)', flushesAt: [6100, 6200], boots: [[0, 6000], [1, 6050]], counted: 2 },
  { name: 'nothing after the tail', flushesAt: [6000, 1000 + 5000 + STORM_TAIL_MS + 1], boots: [], counted: 1 },
  { name: 'nothing once a later outage began', flushesAt: [6000, 9000], boots: [], stopAt: 8000, counted: 1 },
];

for (const row of TABLE) {
  test(`storm: ${row.name}`, () => {
    const storm = new StormTracker(1000, 5000, [0, 1], 1000);
    const events = [
      ...row.flushesAt.map((at) => ({ at, run: () => storm.flushed(at) })),
      ...row.boots.map(([index, at]) => ({ at, run: () => storm.boot(index, at) })),
      ...(row.stopAt === undefined ? [] : [{ at: row.stopAt, run: () => storm.stop() }]),
    ].sort((a, b) => a.at - b.at);
    for (const event of events) event.run();
    assert.equal(stormFigures(storm.snapshot()).queuedMessagesFlushed, row.counted);
  });
}

test("the shards' flushed messages add up, and a storm from an older summary without them counts 0", () => {
  const a = new StormTracker(0, 1000, [0], 0);
  const b = new StormTracker(0, 1000, [1], 0);
  a.flushed(1500);
  b.flushed(1600);
  b.flushed(1700);
  const old = { ...a.snapshot() };
  delete old.flushed;
  assert.equal(stormFigures(mergeStorms([[a.snapshot()], [b.snapshot()]])[0] as never).queuedMessagesFlushed, 3);
  assert.equal(stormFigures(mergeStorms([[old], [b.snapshot()]])[0] as never).queuedMessagesFlushed, 2);
});

test('report merge sums the outages\' queued messages flushed of shard summaries, an older summary counting 0', async () => {
  const { loadShapeOf, mergeLoadShapes } = await import('../../src/report/load-shape.js');
  const a = new StormTracker(0, 1000, [0], 0);
  const b = new StormTracker(0, 1000, [1], 0);
  a.flushed(1200);
  b.flushed(1300);
  b.flushed(1400);
  const one = loadShapeOf({ storms: [a.snapshot()] });
  const two = loadShapeOf({ storms: [b.snapshot()] });
  assert.equal(mergeLoadShapes([one, two])?.outages?.[0]?.queuedMessagesFlushed, 3);
  const older = structuredClone(one) as NonNullable<typeof one>;
  delete (older.outages?.[0] as { queuedMessagesFlushed?: number }).queuedMessagesFlushed;
  assert.equal(mergeLoadShapes([older, two])?.outages?.[0]?.queuedMessagesFlushed, 2);
});
