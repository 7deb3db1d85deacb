import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { loadScenario } from '../../../src/chargepoint/scenario/loader.js';
import { csmsLog } from '../../helpers/csms-log.js';
import { shippedScenario } from '../../helpers/repo-root.js';
import { runScenario } from './harness.js';

// The shipped offline scenarios as documented, against the embedded gateway (what it received
// is what counts): one transaction runs through the 20 s cut, another starts and stops offline,
// and after the boot the queue arrives in order before the next status.

const lineOf = (file: string, text: string): number => readFileSync(shippedScenario(file), 'utf8').split('\n').findIndex((l) => l.includes(text)) + 1;

describe('shipped offline scenarios', { concurrency: true }, () => {
  test('offline-transactions (1.6): the queue after the boot, the offline transaction under the id the central system gave', { timeout: 60_000 }, async () => {
    const file = 'offline-transactions.yaml';
    const log = csmsLog();
    const back = `${file}:${lineOf(file, 'online again')} statusNotification`;
    const run = await runScenario(await loadScenario(shippedScenario(file)), {
      gateway: { onMessage: log.onMessage }, maxMs: 40_000, until: (snap) => (snap.metrics.steps[back]?.checks ?? 0) >= 1,
    });
    assert.deepEqual(Object.entries(run.steps).filter(([, s]) => s.failures > 0), []);
    const boots = log.calls.map((c, i) => (c.action === 'BootNotification' ? i : -1)).filter((i) => i >= 0);
    assert.equal(boots.length, 2);
    const after = log.calls.slice((boots[1] as number) + 1).map((c) => c.action);
    assert.deepEqual(after, ['MeterValues', 'MeterValues', 'StopTransaction', 'StartTransaction', 'MeterValues', 'StopTransaction', 'StatusNotification']);
    const ids = run.results('StartTransaction').map((r) => r.transactionId);
    const sent = log.calls.slice((boots[1] as number) + 1);
    assert.deepEqual(sent.filter((c) => c.action !== 'StartTransaction' && c.action !== 'StatusNotification').map((c) => c.payload.transactionId),
      [ids[0], ids[0], ids[0], ids[1], ids[1]], 'the offline transaction carries the id its flushed StartTransaction got');
    assert.deepEqual(run.result.fleet.metrics.offlineFlushed, { MeterValues: 3, StopTransaction: 2, StartTransaction: 1 });
  });

  test('offline-transactions-201 (2.0.1): TransactionEvents made offline with offline: true and their seqNo, after the boot', { timeout: 60_000 }, async () => {
    const file = 'offline-transactions-201.yaml';
    const log = csmsLog();
    const back = `${file}:${lineOf(file, 'online again')} statusNotification`;
    const run = await runScenario(await loadScenario(shippedScenario(file)), {
      gateway: { onMessage: log.onMessage }, maxMs: 40_000, until: (snap) => (snap.metrics.steps[back]?.checks ?? 0) >= 1,
    });
    assert.deepEqual(Object.entries(run.steps).filter(([, s]) => s.failures > 0), []);
    const events = log.of('TransactionEvent').map((e) => [e.payload.eventType, e.payload.seqNo, e.payload.offline ?? false]);
    assert.deepEqual(events, [
      ['Started', 0, false], ['Updated', 1, false], ['Updated', 2, true], ['Updated', 3, true], ['Ended', 4, true],
      ['Started', 0, true], ['Updated', 1, true], ['Ended', 2, true],
    ]);
    assert.deepEqual(run.result.fleet.metrics.offlineFlushed, { TransactionEvent: 6 });
  });
});
