import { test } from 'node:test';
import assert from 'node:assert/strict';
import { csmsLog } from '../helpers/csms-log.js';
import { inline, runScenario, yaml } from './scenario/harness.js';

// The `offline` step against the embedded gateway: the socket is cut, a whole transaction
// happens offline, and after the reconnect the central system gets the queued messages in
// order, with their original timestamps and (1.6) the transaction id it gave, before anything else.

const OFFLINE_TX = (protocol: string, extra: string[] = []): string => yaml(
  `protocol: ${protocol}`,
  ...extra,
  'steps:',
  '  - boot',
  '  - offline:',
  '      for: 1500ms',
  '      steps:',
  '        - startTransaction: { connector: 1, idTag: TAG-1 }',
  '        - meterValues: { connector: 1 }',
  '        - wait: 100ms',
  '        - meterValues: { connector: 1 }',
  '        - stopTransaction: { connector: 1 }',
  '  - statusNotification: { connector: 1, status: Available }',
);

test('1.6: a transaction started and stopped offline reaches the central system after the next Accepted boot, in order, with its original timestamps and the transaction id the central system gave, before other traffic', async () => {
  const log = csmsLog();
  const run = await runScenario(inline(OFFLINE_TX('ocpp1.6')), {
    gateway: { onMessage: log.onMessage },
    until: (snap) => (snap.metrics.received.StatusNotification ?? 0) >= 1,
    maxMs: 15_000,
  });
  const actions = log.calls.map((c) => c.action);
  assert.deepEqual(actions, ['BootNotification', 'BootNotification', 'StartTransaction', 'MeterValues', 'MeterValues', 'StopTransaction', 'StatusNotification']);
  const [start, m1, m2, stop] = log.calls.slice(2, 6) as [typeof log.calls[0], typeof log.calls[0], typeof log.calls[0], typeof log.calls[0]];
  const txId = run.results('StartTransaction')[0]?.transactionId;
  assert.equal(typeof txId, 'number');
  assert.equal(m1.payload.transactionId, txId, 'the stand-in id is replaced by the one the central system gave');
  assert.equal(m2.payload.transactionId, txId);
  assert.equal(stop.payload.transactionId, txId);
  const stamps = [start.payload.timestamp, ...[m1, m2].map((m) => (m.payload.meterValue as Array<{ timestamp: string }>)[0]?.timestamp), stop.payload.timestamp].map((t) => Date.parse(String(t)));
  assert.ok(stamps.every((t, i) => i === 0 || t >= (stamps[i - 1] as number)), `timestamps in order: ${stamps.join(', ')}`);
  // Offline time: after the first boot was received, before the second boot (the reconnect) was.
  // (The gateway's own close event is no bound: on a loaded machine it fires after the charge
  // point has already stamped its first offline message.)
  const [firstBoot, secondBoot] = log.calls as [typeof log.calls[0], typeof log.calls[0]];
  assert.ok(stamps.every((t) => t >= firstBoot.at - 5 && t <= secondBoot.at + 5), `every timestamp is from the offline time: ${stamps.join(', ')} within ${firstBoot.at}..${secondBoot.at}`);
  assert.ok((stamps[2] as number) - (stamps[1] as number) >= 90, 'the wait between the readings shows in their timestamps');
  const m = run.result.fleet.metrics;
  assert.deepEqual(m.offlineQueued, { StartTransaction: 1, MeterValues: 2, StopTransaction: 1 });
  assert.deepEqual(m.offlineFlushed, { StartTransaction: 1, MeterValues: 2, StopTransaction: 1 });
  assert.deepEqual(m.offlineDropped, {});
  assert.deepEqual(m.offlineSkipped, { StatusNotification: 4 }, 'Preparing, Charging, Finishing, Available: not queued');
  assert.equal(m.flushTime?.count, 1);
  assert.equal(m.offlineAge?.count, 4);
  assert.ok((m.offlineAge?.max ?? 0) >= 1000, 'the oldest waited out most of the 1.5 s offline');
  assert.deepEqual(m.disconnects, {}, 'its own cut is not a close by the peer');
});

test('2.0.1: TransactionEvents made offline carry offline: true, seqNo in order and their original timestamps', async () => {
  const log = csmsLog();
  const run = await runScenario(inline(OFFLINE_TX('ocpp2.0.1')), {
    gateway: { onMessage: log.onMessage },
    until: (snap) => (snap.metrics.received.StatusNotification ?? 0) >= 1,
    maxMs: 15_000,
  });
  const events = log.of('TransactionEvent');
  assert.deepEqual(events.map((e) => [e.payload.eventType, e.payload.seqNo, e.payload.offline]),
    [['Started', 0, true], ['Updated', 1, true], ['Updated', 2, true], ['Ended', 3, true]]);
  assert.equal(new Set(events.map((e) => (e.payload.transactionInfo as { transactionId: string }).transactionId)).size, 1);
  const stamps = events.map((e) => Date.parse(String(e.payload.timestamp)));
  assert.ok(stamps.every((t, i) => i === 0 || t >= (stamps[i - 1] as number)) && stamps.every((t) => t < (events[0]?.at ?? 0)));
  const after = log.calls.map((c) => c.action).slice(log.calls.findIndex((c) => c.action === 'TransactionEvent'));
  assert.deepEqual(after, ['TransactionEvent', 'TransactionEvent', 'TransactionEvent', 'TransactionEvent', 'StatusNotification'], 'the flush before the next step');
  assert.deepEqual(run.result.fleet.metrics.offlineFlushed, { TransactionEvent: 4 });
});

test('at the bound, updates-first drops the oldest readings and keeps the start and the end; --offline-drop oldest drops the start (1.6: and the rest of that transaction)', async () => {
  const bounded = (drop: string) => inline(OFFLINE_TX('ocpp1.6', ['offline: { queueSize: 3, drop: ' + drop + ' }']));
  const log = csmsLog();
  const run = await runScenario(bounded('updates-first'), {
    gateway: { onMessage: log.onMessage }, until: (snap) => (snap.metrics.received.StatusNotification ?? 0) >= 1, maxMs: 15_000,
  });
  assert.deepEqual(log.calls.slice(2).map((c) => c.action), ['StartTransaction', 'MeterValues', 'StopTransaction', 'StatusNotification']);
  const reading = (log.calls[3]?.payload.meterValue as Array<{ timestamp: string }>)[0]?.timestamp;
  const m = run.result.fleet.metrics;
  assert.deepEqual(m.offlineQueued, { StartTransaction: 1, MeterValues: 2, StopTransaction: 1 });
  assert.deepEqual(m.offlineDropped, { MeterValues: 1 });
  assert.deepEqual(m.offlineFlushed, { StartTransaction: 1, MeterValues: 1, StopTransaction: 1 });
  assert.ok(Date.parse(String(reading)) >= Date.parse(String(log.calls[2]?.payload.timestamp)) + 90, 'the later reading is the one kept');

  const oldest = csmsLog();
  const dropped = await runScenario(bounded('updates-first'), {
    gateway: { onMessage: oldest.onMessage }, run: { offline: { drop: 'oldest' } },
    until: (snap) => (snap.metrics.received.StatusNotification ?? 0) >= 1, maxMs: 15_000,
  });
  assert.deepEqual(oldest.calls.slice(2).map((c) => c.action), ['StatusNotification'], 'no StopTransaction can name a transaction whose start is gone');
  assert.deepEqual(dropped.result.fleet.metrics.offlineDropped, { StartTransaction: 1, MeterValues: 2, StopTransaction: 1 });
});
