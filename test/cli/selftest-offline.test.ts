import assert from 'node:assert/strict';
import { test } from 'node:test';
import { FrameAudit } from '../../src/cli/selftest/frame-audit.js';
import { offlineAccomplished, offlineProblems } from '../../src/cli/selftest/offline-checks.js';
import { Recorder } from '../../src/metrics/recorder.js';
import { emptyFleetSnapshot, type FleetSnapshot } from '../../src/runner/fleet.js';

// The self-test's check of the offline scenarios: the frame audit sees transaction messages
// arriving with old timestamps, `offline: true` and out of order; the check wants every charge
// point to have flushed everything it queued, each flushed message late at the gateway.

const ago = (ms: number): string => new Date(Date.now() - ms).toISOString();

test('the frame audit counts transaction messages that arrive with old timestamps, offline events and those out of order', () => {
  const audit = new FrameAudit();
  const { onConnect, onMessage } = audit.hooks();
  let n = 0;
  const call = (id: string, action: string, payload: Record<string, unknown>): void => onMessage?.({ chargePointId: id, direction: 'in', text: JSON.stringify([2, String(++n), action, payload]) });
  onConnect?.({ chargePointId: 'A', protocol: 'ocpp1.6', remoteAddress: '127.0.0.1:1' });
  onConnect?.({ chargePointId: 'B', protocol: 'ocpp2.0.1', remoteAddress: '127.0.0.1:2' });
  const reading = (timestamp: string): Record<string, unknown> => ({ timestamp, sampledValue: [{ value: '10' }] });
  const event = (eventType: string, timestamp: string, offline?: boolean): Record<string, unknown> => ({
    eventType, timestamp, triggerReason: 'Authorized', seqNo: 0, transactionInfo: { transactionId: 'tx-1' }, ...(offline === undefined ? {} : { offline }),
  });
  const table: Array<[string, () => void, { late: number; offline: number; outOfOrder: number }]> = [
    ['fresh messages are not late', () => {
      call('A', 'StartTransaction', { connectorId: 1, idTag: 'T', meterStart: 0, timestamp: ago(0) });
      call('A', 'Heartbeat', {});
    }, { late: 0, offline: 0, outOfOrder: 0 }],
    ['a 1.6 StopTransaction made 10 s ago is late, and before the start: out of order', () => {
      call('A', 'StopTransaction', { transactionId: 1, meterStop: 5, timestamp: ago(10_000) });
    }, { late: 1, offline: 0, outOfOrder: 1 }],
    ['MeterValues of a transaction: its first reading; without a transaction: not counted', () => {
      call('A', 'MeterValues', { connectorId: 1, transactionId: 1, meterValue: [reading(ago(5_000))] });
      call('A', 'MeterValues', { connectorId: 1, meterValue: [reading(ago(60_000))] });
    }, { late: 2, offline: 0, outOfOrder: 1 }],
    ['2.0.1 events made offline, in order', () => {
      call('B', 'TransactionEvent', event('Started', ago(9_000), true));
      call('B', 'TransactionEvent', event('Ended', ago(8_000), true));
      call('B', 'TransactionEvent', event('Started', ago(0), false));
    }, { late: 4, offline: 2, outOfOrder: 1 }],
    ['an unreadable timestamp is neither late nor out of order', () => {
      call('B', 'TransactionEvent', event('Updated', 'not a time'));
    }, { late: 4, offline: 2, outOfOrder: 1 }],
  ];
  for (const [label, frames, expected] of table) {
    frames();
    const f = audit.figures;
    assert.deepEqual({ late: f.lateTransactionMessages, offline: f.offlineEvents, outOfOrder: f.outOfOrder }, expected, label);
  }
  assert.match(audit.figures.outOfOrderSamples[0] as string, /^A StopTransaction of \S+ after one of \S+$/);
});

/** A fleet of `count` booted charge points whose recorder saw `queue` happen. */
function fleetWith(count: number, queue: (r: Recorder) => void): FleetSnapshot {
  const recorder = new Recorder();
  queue(recorder);
  return { ...emptyFleetSnapshot(count), everBooted: count, metrics: recorder.snapshot(false) };
}

/** Each of `count` charge points queued and flushed `each` messages of `action`, its queue emptied. */
const flushedAll = (count: number, each: number, action = 'MeterValues') => (r: Recorder): void => {
  for (let cp = 0; cp < count; cp++) {
    for (let i = 0; i < each; i++) r.offline.queued(action);
    for (let i = 0; i < each; i++) r.offline.flushed(action, 10_000);
    r.offline.flushCompleted(40);
  }
};

test('the offline check passes when every charge point flushed all it queued, late at the gateway, and names what is missing otherwise', () => {
  const audit = (late: number, offlineEvents = 0, outOfOrder = 0) => ({ ...new FrameAudit().figures, lateTransactionMessages: late, offlineEvents, outOfOrder });
  const table: Array<[string, FleetSnapshot, ReturnType<typeof audit>, boolean, RegExp[]]> = [
    ['all flushed, all late', fleetWith(2, flushedAll(2, 3)), audit(6), true, []],
    ['nothing queued yet', fleetWith(2, () => {}), audit(0), false, [/^0\/2 charge points emptied an offline queue/]],
    ['one charge point still holds its queue', fleetWith(2, (r) => { flushedAll(1, 3)(r); for (let i = 0; i < 3; i++) r.offline.queued('MeterValues'); }), audit(3), false,
      [/^1\/2 charge points/, /^6 messages queued offline, only 3 flushed \(0 dropped, 0 unsent at the end\)$/]],
    ['flushed with fresh timestamps', fleetWith(2, flushedAll(2, 3)), audit(4), false, [/^6 messages flushed, but only 4 arrived with their original timestamps \(at least 2 s old\)$/]],
    ['2.0.1 events flushed without offline: true', fleetWith(1, flushedAll(1, 2, 'TransactionEvent')), audit(2, 1), true, [/^2 TransactionEvents flushed, only 1 with offline: true$/]],
    ['out of order', fleetWith(1, flushedAll(1, 2)), audit(2, 0, 1), true, [/^1 transaction messages out of order/]],
  ];
  for (const [label, snap, figures, accomplished, problems] of table) {
    assert.equal(offlineAccomplished(snap, figures), accomplished, label);
    const result = offlineProblems(snap, figures);
    assert.equal(result.problems.length, problems.length, `${label}: ${result.problems.join('; ')}`);
    problems.forEach((pattern, i) => assert.match(result.problems[i] as string, pattern, label));
  }
  assert.equal(offlineProblems(fleetWith(2, flushedAll(2, 3)), audit(6)).figures,
    '6 messages queued offline, 6 flushed in order by 2 charge points (6 with their original timestamps), 0 dropped');
});
