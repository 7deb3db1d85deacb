import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { profileFor } from '../../src/chargepoint/protocol-profile.js';
import {
  bootRequestV201, connectorStatusOf, endTriggerOf, meterValuesRequestV201, statusRequestV201, stoppedReasonOf,
} from '../../src/chargepoint/v201/payloads.js';
import type { Scenario } from '../../src/chargepoint/scenario/types.js';
import { startGateway, type Gateway, type GatewayOptions } from '../../src/gateway/server.js';
import { OcppError } from '../../src/protocol/errors.js';
import type { Payload } from '../../src/protocol/frame.js';
import { validatorFor } from '../../src/protocol/validator.js';
import { Fleet, type FleetOptions } from '../../src/runner/fleet.js';
import { waitUntil } from '../helpers/poll.js';

// OCPP 2.0.1 charging stations against the real embedded gateway on port 0. What the stations
// send is read back from the fleet's frame trace, and every traced payload is checked against
// the official 2.0.1 schemas on top of the sessions' own validation.

const v201 = validatorFor('ocpp2.0.1');
const CP = 'CP-001';

/** Boot, every connector Available, heartbeat: the default scenario, spoken in 2.0.1. */
function scenarioV201(connectors = 2): Scenario {
  return {
    name: 'v201', file: 'v201-inline.yaml', protocol: 'ocpp2.0.1',
    chargePoint: { vendor: 'ocpp-sim', model: 'VirtualCP', firmwareVersion: '0.1.0', connectors },
    steps: [
      { type: 'boot', line: 1 },
      { type: 'statusNotification', line: 2, connector: 'all', status: 'Available', errorCode: 'NoError' },
      { type: 'heartbeat', line: 3 },
    ],
  };
}

interface TraceLine { cp: string; dir: 'in' | 'out'; frame: unknown[] }
interface SentCall { action: string; payload: Payload; answer: unknown[] | undefined }

/** A gateway, a traced 2.0.1 fleet against it, and ways to read what the stations sent. */
class Harness {
  private constructor(readonly gateway: Gateway, readonly fleet: Fleet, private readonly dir: string) {}

  static async start(gatewayOptions: GatewayOptions = {}, fleetOptions: Partial<FleetOptions> = {}): Promise<Harness> {
    const gateway = await startGateway({ port: 0, heartbeatIntervalSec: 60, ...gatewayOptions });
    const dir = mkdtempSync(join(tmpdir(), 'ocpp-sim-v201-'));
    const fleet = new Fleet({
      url: gateway.url, count: 1, ratePerSec: 0, concurrency: 10, idPrefix: 'CP-', scenario: scenarioV201(),
      callTimeoutMs: 2000, handshakeTimeoutMs: 2000, maxPayload: 65_536, validate: 'all',
      backoff: { initialMs: 50, maxMs: 200, factor: 2 }, bootRetrySec: 1, defaultHeartbeatSec: 60, random: () => 0.5,
      trace: { file: join(dir, 'trace.ndjson') }, ...fleetOptions,
    });
    fleet.start();
    return new Harness(gateway, fleet, dir);
  }

  /** Starts a harness and waits until every station booted Accepted and had each EVSE's status answered. */
  static async settled(gatewayOptions: GatewayOptions = {}, fleetOptions: Partial<FleetOptions> = {}): Promise<Harness> {
    const harness = await Harness.start(gatewayOptions, fleetOptions);
    const count = fleetOptions.count ?? 1;
    const ids = Array.from({ length: count }, (_, i) => `CP-${String(i + 1).padStart(3, '0')}`);
    try {
      await waitUntil(() => harness.fleet.snapshot().everBooted === count
        && ids.every((id) => [1, 2].every((evseId) => harness.sent('StatusNotification', id).some((c) => c.payload.evseId === evseId && c.answer))),
      4000, `${count} station(s) to boot and report their EVSEs`);
    } catch (error) {
      await harness.close();
      throw error;
    }
    return harness;
  }

  /** Every traced line so far (a line still being written is skipped). */
  trace(): TraceLine[] {
    let text = '';
    try {
      text = readFileSync(join(this.dir, 'trace.ndjson'), 'utf8');
    } catch {
      return [];
    }
    return text.split('\n').flatMap((line) => {
      try {
        return line ? [JSON.parse(line) as TraceLine] : [];
      } catch {
        return [];
      }
    });
  }

  /** CALLs of `action` a station sent, oldest first, each with the gateway's answer frame once it came. */
  sent(action: string, cp = CP): SentCall[] {
    const lines = this.trace().filter((l) => l.cp === cp);
    return lines.filter((l) => l.dir === 'out' && l.frame[0] === 2 && l.frame[2] === action).map((l) => ({
      action, payload: l.frame[3] as Payload, answer: lines.find((a) => a.dir === 'in' && a.frame[0] !== 2 && a.frame[1] === l.frame[1])?.frame,
    }));
  }

  /** Resolves with the first answered CALL of `action` after the first `skip` that satisfies `match`. */
  async waitForSent(action: string, match: (payload: Payload) => boolean = () => true, skip = 0, ms = 3000): Promise<SentCall> {
    let found: SentCall | undefined;
    await waitUntil(() => {
      found = this.sent(action).slice(skip).find((c) => c.answer !== undefined && match(c.payload));
      return found !== undefined;
    }, ms, `a ${action} from ${CP}`);
    return found as SentCall;
  }

  call(action: string, payload: Payload): Promise<Payload> {
    return this.gateway.call(CP, action, payload);
  }

  async close(): Promise<void> {
    await this.fleet.stop();
    await this.gateway.close();
    rmSync(this.dir, { recursive: true, force: true });
  }
}

async function withHarness(gatewayOptions: GatewayOptions, fleetOptions: Partial<FleetOptions>, body: (h: Harness) => Promise<void>): Promise<void> {
  const harness = await Harness.settled(gatewayOptions, fleetOptions);
  try {
    await body(harness);
  } finally {
    await harness.close();
  }
}

/** Checks every traced frame against the 2.0.1 schemas: requests both ways, and the answer of each. */
function assertTraceValid(lines: readonly TraceLine[]): number {
  const actions = new Map<string, string>();
  let checked = 0;
  for (const { cp, frame } of lines) {
    if (frame[0] === 2) {
      actions.set(`${cp}/${String(frame[1])}`, String(frame[2]));
      v201.validate(String(frame[2]), 'req', frame[3] as Payload);
      checked++;
    } else if (frame[0] === 3) {
      const action = actions.get(`${cp}/${String(frame[1])}`);
      assert.ok(action, `an answer to a known call: ${JSON.stringify(frame)}`);
      v201.validate(action, 'conf', frame[2] as Payload);
      checked++;
    }
  }
  return checked;
}

const ocppError = (kind: string, code: string) => (error: unknown): boolean =>
  error instanceof OcppError && error.kind === kind && error.receivedCode === code;

test('the 2.0.1 payloads are valid against the official schemas and map 1.6 terms to 2.0.1 ones', () => {
  const profile = { vendor: 'ocpp-sim', model: 'VirtualCP', firmwareVersion: '0.1.0', connectors: 2 };
  v201.validate('BootNotification', 'req', bootRequestV201(profile, 'PowerUp'));
  assert.deepEqual(bootRequestV201({ vendor: 'V', model: 'M', connectors: 1 }, 'RemoteReset'), { reason: 'RemoteReset', chargingStation: { model: 'M', vendorName: 'V' } });
  for (const [status, expected] of [
    ['Available', 'Available'], ['Preparing', 'Occupied'], ['Charging', 'Occupied'], ['SuspendedEV', 'Occupied'],
    ['SuspendedEVSE', 'Occupied'], ['Finishing', 'Occupied'], ['Reserved', 'Reserved'], ['Unavailable', 'Unavailable'], ['Faulted', 'Faulted'],
  ] as const) {
    assert.equal(connectorStatusOf(status), expected, status);
    const payload = statusRequestV201(2, status, 'NoError');
    v201.validate('StatusNotification', 'req', payload);
    assert.deepEqual({ ...payload, timestamp: 'x' }, { timestamp: 'x', connectorStatus: expected, evseId: 2, connectorId: 1 });
  }
  const meter = meterValuesRequestV201(1, 1234.4, 'Sample.Periodic');
  v201.validate('MeterValues', 'req', meter);
  assert.equal((meter.meterValue as Array<{ sampledValue: Array<{ value: unknown }> }>)[0]?.sampledValue[0]?.value, 1234);
  for (const [reason, stopped, trigger] of [
    ['Local', 'Local', 'StopAuthorized'], ['Remote', 'Remote', 'RemoteStop'], ['HardReset', 'ImmediateReset', 'ResetCommand'],
    ['SoftReset', 'ImmediateReset', 'ResetCommand'], ['EVDisconnected', 'EVDisconnected', 'EVCommunicationLost'],
    ['DeAuthorized', 'DeAuthorized', 'Deauthorized'], ['UnlockCommand', 'Other', 'AbnormalCondition'], ['PowerLoss', 'PowerLoss', 'AbnormalCondition'],
    ['Nonsense', 'Other', 'AbnormalCondition'],
  ] as const) {
    assert.equal(stoppedReasonOf(reason), stopped, reason);
    assert.equal(endTriggerOf(stopped), trigger, reason);
  }
  const v201Profile = profileFor('ocpp2.0.1');
  assert.equal(v201Profile.version, 'ocpp2.0.1');
  assert.equal(v201Profile.reportsStatusOf?.(0), false, 'no station-wide status in 2.0.1');
  assert.equal(v201Profile.reportsStatusOf?.(1), true);
});

test('a 2.0.1 fleet of three boots Accepted, reports each EVSE, heartbeats, and every payload is schema-valid', async () => {
  await withHarness({ heartbeatIntervalSec: 1 }, { count: 3 }, async (h) => {
    const ids = ['CP-001', 'CP-002', 'CP-003'];
    await waitUntil(() => ids.every((id) => h.sent('Heartbeat', id).some((c) => c.answer)), 3000, 'a heartbeat from each station');
    const response = await fetch(`http://127.0.0.1:${h.gateway.port}/connections`);
    const { connections } = (await response.json()) as { connections: Record<string, { subprotocol: string; boot_status: string }> };
    assert.deepEqual(Object.keys(connections).sort(), ids);
    for (const id of ids) assert.deepEqual([connections[id]?.subprotocol, connections[id]?.boot_status], ['ocpp2.0.1', 'Accepted'], id);
    assert.equal(h.gateway.stats().boots.Accepted, 3);
    for (const id of ids) {
      const boots = h.sent('BootNotification', id);
      assert.deepEqual(boots[0]?.payload, { reason: 'PowerUp', chargingStation: { model: 'VirtualCP', vendorName: 'ocpp-sim', firmwareVersion: '0.1.0' } });
      assert.equal((boots[0]?.answer?.[2] as Payload).status, 'Accepted');
      const statuses = h.sent('StatusNotification', id).map((c) => c.payload).filter((p) => (p.evseId as number) >= 1);
      assert.deepEqual(statuses.map((p) => [p.evseId, p.connectorId, p.connectorStatus]), [[1, 1, 'Available'], [2, 1, 'Available']], id);
    }
    const snap = h.fleet.snapshot();
    assert.equal(snap.everBooted, 3);
    assert.equal(snap.states.accepted, 3);
    assert.deepEqual(snap.metrics.errors, {}, 'the sessions validated every payload both ways and found nothing wrong');
    assert.ok(Object.values(snap.metrics.steps).every((s) => s.failures === 0), JSON.stringify(snap.metrics.steps));
    assert.ok(assertTraceValid(h.trace()) >= 3 * 6, 'every traced payload checked');
  });
});

test('GetVariables reads HeartbeatInterval and SetVariables changes it: heartbeats follow the new interval', async () => {
  await withHarness({ heartbeatIntervalSec: 60 }, {}, async (h) => {
    const read = await h.call('GetVariables', {
      getVariableData: [
        { component: { name: 'OCPPCommCtrlr' }, variable: { name: 'HeartbeatInterval' } },
        { component: { name: 'OCPPCommCtrlr' }, variable: { name: 'NoSuchVariable' } },
        { component: { name: 'NoSuchCtrlr' }, variable: { name: 'HeartbeatInterval' } },
        { component: { name: 'EVSE', evse: { id: 2 } }, variable: { name: 'AvailabilityState' } },
        { component: { name: 'EVSE', evse: { id: 3 } }, variable: { name: 'AvailabilityState' } },
        { component: { name: 'SecurityCtrlr' }, variable: { name: 'Identity' } },
        { component: { name: 'OCPPCommCtrlr' }, variable: { name: 'HeartbeatInterval' }, attributeType: 'Target' },
      ],
    });
    const results = read.getVariableResult as Payload[];
    assert.deepEqual(results.map((r) => [r.attributeStatus, r.attributeValue]), [
      ['Accepted', '60'], ['UnknownVariable', undefined], ['UnknownComponent', undefined], ['Accepted', 'Available'],
      ['UnknownComponent', undefined], ['Accepted', CP], ['NotSupportedAttributeType', undefined],
    ]);
    assert.deepEqual(results[0]?.component, { name: 'OCPPCommCtrlr' });
    assert.deepEqual(results[0]?.variable, { name: 'HeartbeatInterval' });

    const beatsBefore = h.sent('Heartbeat').length;
    const set = await h.call('SetVariables', {
      setVariableData: [
        { component: { name: 'OCPPCommCtrlr' }, variable: { name: 'HeartbeatInterval' }, attributeValue: '1' },
        { component: { name: 'OCPPCommCtrlr' }, variable: { name: 'WebSocketPingInterval' }, attributeValue: '-1' },
        { component: { name: 'OCPPCommCtrlr' }, variable: { name: 'ResetRetries' }, attributeValue: 'three' },
        { component: { name: 'ChargingStation' }, variable: { name: 'Model' }, attributeValue: 'Other' },
        { component: { name: 'TxCtrlr' }, variable: { name: 'TxStopPoint' }, attributeValue: 'EVConnected,Nowhere' },
        { component: { name: 'TxCtrlr' }, variable: { name: 'EVConnectionTimeOut' }, attributeValue: '90' },
        { component: { name: 'TxCtrlr' }, variable: { name: 'Nope' }, attributeValue: '1' },
      ],
    });
    assert.deepEqual((set.setVariableResult as Payload[]).map((r) => r.attributeStatus),
      ['Accepted', 'Rejected', 'Rejected', 'Rejected', 'Rejected', 'Accepted', 'UnknownVariable']);
    await waitUntil(() => h.sent('Heartbeat').filter((c) => c.answer).length >= beatsBefore + 2, 3500, 'two heartbeats a second apart');
    const after = await h.call('GetVariables', {
      getVariableData: [
        { component: { name: 'OCPPCommCtrlr' }, variable: { name: 'HeartbeatInterval' } },
        { component: { name: 'TxCtrlr' }, variable: { name: 'EVConnectionTimeOut' } },
      ],
    });
    assert.deepEqual((after.getVariableResult as Payload[]).map((r) => r.attributeValue), ['1', '90']);
    assert.deepEqual(h.fleet.snapshot().metrics.errors, {});
  });
});

test('the RetryBackOff variables of OCPPCommCtrlr report the reconnect policy, and SetVariables changes it for the next retries', async () => {
  const reconnect = { mode: 'auto' as const, fullJitter: { initialMs: 50, maxMs: 200, factor: 2 }, retryBackOff: { kind: 'retry-backoff' as const, waitMinimumMs: 1000, randomRangeMs: 5000, repeatTimes: 3 } };
  await withHarness({}, { reconnect }, async (h) => {
    const names = ['RetryBackOffWaitMinimum', 'RetryBackOffRandomRange', 'RetryBackOffRepeatTimes'];
    const read = async (): Promise<unknown[]> => ((await h.call('GetVariables', {
      getVariableData: names.map((name) => ({ component: { name: 'OCPPCommCtrlr' }, variable: { name } })),
    })).getVariableResult as Payload[]).map((r) => r.attributeValue);
    assert.deepEqual(await read(), ['1', '5', '3'], 'a 2.0.1 charge point reconnects with RetryBackOff by default');
    const set = await h.call('SetVariables', {
      setVariableData: [
        { component: { name: 'OCPPCommCtrlr' }, variable: { name: 'RetryBackOffWaitMinimum' }, attributeValue: '0' },
        { component: { name: 'OCPPCommCtrlr' }, variable: { name: 'RetryBackOffRandomRange' }, attributeValue: '0' },
        { component: { name: 'OCPPCommCtrlr' }, variable: { name: 'RetryBackOffRepeatTimes' }, attributeValue: '-1' },
      ],
    });
    assert.deepEqual((set.setVariableResult as Payload[]).map((r) => r.attributeStatus), ['Accepted', 'Accepted', 'Rejected']);
    assert.deepEqual(await read(), ['0', '0', '3']);
    // With no wait and no random part, a Reset reconnects at once: back within a second, not 1-6 s.
    const boots = h.fleet.snapshot().metrics.boots.Accepted ?? 0;
    await h.call('Reset', { type: 'Immediate' });
    await waitUntil(() => (h.fleet.snapshot().metrics.boots.Accepted ?? 0) > boots, 1000, 'the charge point to boot again at once');
  });
});

test('RequestStartTransaction starts a TransactionEvent transaction the gateway accepts; RequestStopTransaction ends it', async () => {
  await withHarness({}, {}, async (h) => {
    const start = await h.call('RequestStartTransaction', { idToken: { idToken: 'TAG-42', type: 'Central' }, remoteStartId: 7, evseId: 2 });
    assert.deepEqual(start, { status: 'Accepted' });
    const started = await h.waitForSent('TransactionEvent', (p) => p.eventType === 'Started');
    const p = started.payload;
    const info = p.transactionInfo as { transactionId: string; remoteStartId: number; chargingState: string };
    assert.equal(p.triggerReason, 'RemoteStart');
    assert.equal(p.seqNo, 0);
    assert.equal(info.remoteStartId, 7);
    assert.equal(info.chargingState, 'Charging');
    assert.ok(typeof info.transactionId === 'string' && info.transactionId.length > 0 && info.transactionId.length <= 36, info.transactionId);
    assert.deepEqual(p.idToken, { idToken: 'TAG-42', type: 'Central' });
    assert.deepEqual(p.evse, { id: 2, connectorId: 1 });
    const begin = (p.meterValue as Array<{ sampledValue: Array<{ context: string; value: number }> }>)[0]?.sampledValue[0];
    assert.equal(begin?.context, 'Transaction.Begin');
    assert.deepEqual(started.answer?.[2], { idTokenInfo: { status: 'Accepted' } }, 'the gateway accepted the idToken');
    await h.waitForSent('StatusNotification', (s) => s.evseId === 2 && s.connectorStatus === 'Occupied');

    assert.deepEqual(await h.call('GetTransactionStatus', { transactionId: info.transactionId }), { ongoingIndicator: true, messagesInQueue: false });
    assert.deepEqual(await h.call('UnlockConnector', { evseId: 2, connectorId: 1 }), { status: 'OngoingAuthorizedTransaction' });
    assert.deepEqual(await h.call('RequestStartTransaction', { idToken: { idToken: 'TAG-43', type: 'ISO14443' }, remoteStartId: 8, evseId: 2 }), { status: 'Rejected' });
    assert.deepEqual(await h.call('RequestStopTransaction', { transactionId: 'no-such-transaction' }), { status: 'Rejected' });

    const statusesBefore = h.sent('StatusNotification').length;
    assert.deepEqual(await h.call('RequestStopTransaction', { transactionId: info.transactionId }), { status: 'Accepted' });
    const ended = await h.waitForSent('TransactionEvent', (e) => e.eventType === 'Ended');
    const endInfo = ended.payload.transactionInfo as { transactionId: string; stoppedReason: string };
    assert.equal(endInfo.transactionId, info.transactionId);
    assert.equal(endInfo.stoppedReason, 'Remote');
    assert.equal(ended.payload.triggerReason, 'RemoteStop');
    assert.equal(ended.payload.seqNo, 1, 'seqNo counts the events of the transaction');
    const end = (ended.payload.meterValue as Array<{ sampledValue: Array<{ context: string; value: number }> }>)[0]?.sampledValue[0];
    assert.equal(end?.context, 'Transaction.End');
    assert.ok((end?.value ?? -1) >= (begin?.value ?? 0));
    assert.deepEqual(ended.answer?.[2], {}, 'no idToken in the Ended event, so no idTokenInfo');
    await h.waitForSent('StatusNotification', (s) => s.evseId === 2 && s.connectorStatus === 'Available', statusesBefore);
    assert.deepEqual(await h.call('GetTransactionStatus', { transactionId: info.transactionId }), { ongoingIndicator: false, messagesInQueue: false });
    assert.deepEqual(h.fleet.snapshot().metrics.errors, {});
    assertTraceValid(h.trace());
  });
});

test('Reset Immediate ends the running transaction, then the station reconnects and boots again', async () => {
  await withHarness({}, {}, async (h) => {
    assert.deepEqual(await h.call('Reset', { type: 'Immediate', evseId: 1 }), { status: 'Rejected' }, 'no EVSE reset');
    await h.call('RequestStartTransaction', { idToken: { idToken: 'TAG-1', type: 'ISO14443' }, remoteStartId: 1 });
    await h.waitForSent('TransactionEvent', (p) => p.eventType === 'Started');
    assert.deepEqual(await h.call('Reset', { type: 'Immediate' }), { status: 'Accepted' });
    const ended = await h.waitForSent('TransactionEvent', (p) => p.eventType === 'Ended');
    assert.equal((ended.payload.transactionInfo as Payload).stoppedReason, 'ImmediateReset');
    assert.equal(ended.payload.triggerReason, 'ResetCommand');
    await waitUntil(() => h.gateway.stats().boots.Accepted === 2 && h.fleet.snapshot().states.accepted === 1, 3000, 'the second boot');
    // The trace file is written after the frames: wait for the second boot's lines in it too.
    await h.waitForSent('BootNotification', () => true, 1);
    assert.equal(h.sent('BootNotification').length, 2);
    assert.deepEqual(h.sent('BootNotification').map((b) => b.payload.reason), ['PowerUp', 'RemoteReset'], 'the boot after a Reset says so');
    const snap = h.fleet.snapshot();
    assert.equal(snap.metrics.reconnects, 1);
    assert.equal(snap.metrics.recentErrors.length, 0, JSON.stringify(snap.metrics.recentErrors));
  });
});

test('Reset OnIdle during a transaction is Scheduled and happens once the transaction has ended', async () => {
  await withHarness({}, {}, async (h) => {
    await h.call('RequestStartTransaction', { idToken: { idToken: 'TAG-1', type: 'ISO14443' }, remoteStartId: 3, evseId: 1 });
    const started = await h.waitForSent('TransactionEvent', (p) => p.eventType === 'Started');
    assert.deepEqual(await h.call('Reset', { type: 'OnIdle' }), { status: 'Scheduled' });
    await new Promise((resolve) => setTimeout(resolve, 200));
    assert.equal(h.gateway.stats().boots.Accepted, 1, 'no reset while the transaction runs');
    const transactionId = (started.payload.transactionInfo as Payload).transactionId;
    await h.call('RequestStopTransaction', { transactionId });
    await waitUntil(() => h.gateway.stats().boots.Accepted === 2, 3000, 'the boot after the reset');
  });
});

test('TriggerMessage sends what was asked for, Rejects a BootNotification once Accepted (F06.FR.17) and an unknown EVSE', async () => {
  await withHarness({}, {}, async (h) => {
    const beats = h.sent('Heartbeat').length;
    assert.deepEqual(await h.call('TriggerMessage', { requestedMessage: 'Heartbeat' }), { status: 'Accepted' });
    await h.waitForSent('Heartbeat', () => true, beats);
    assert.deepEqual(await h.call('TriggerMessage', { requestedMessage: 'BootNotification' }), { status: 'Rejected' });
    assert.deepEqual(await h.call('TriggerMessage', { requestedMessage: 'MeterValues', evse: { id: 9 } }), { status: 'Rejected' });
    assert.deepEqual(await h.call('TriggerMessage', { requestedMessage: 'TransactionEvent', evse: { id: 1 } }), { status: 'Rejected' }, 'no transaction on EVSE 1');
    assert.deepEqual(await h.call('TriggerMessage', { requestedMessage: 'SignChargingStationCertificate' }), { status: 'NotImplemented' });

    const statuses = h.sent('StatusNotification').length;
    assert.deepEqual(await h.call('TriggerMessage', { requestedMessage: 'StatusNotification', evse: { id: 2, connectorId: 1 } }), { status: 'Accepted' });
    const status = await h.waitForSent('StatusNotification', () => true, statuses);
    assert.deepEqual([status.payload.evseId, status.payload.connectorId, status.payload.connectorStatus], [2, 1, 'Available']);

    assert.deepEqual(await h.call('TriggerMessage', { requestedMessage: 'MeterValues' }), { status: 'Accepted' });
    await waitUntil(() => h.sent('MeterValues').filter((c) => c.answer).length === 2, 2000, 'MeterValues of both EVSEs');
    const meters = h.sent('MeterValues').map((c) => c.payload);
    assert.deepEqual(meters.map((m) => m.evseId), [1, 2]);
    assert.ok(meters.every((m) => (m.meterValue as Array<{ sampledValue: Array<{ context: string }> }>)[0]?.sampledValue[0]?.context === 'Trigger'));

    await h.call('RequestStartTransaction', { idToken: { idToken: 'TAG-1', type: 'ISO14443' }, remoteStartId: 5, evseId: 1 });
    await h.waitForSent('TransactionEvent', (p) => p.eventType === 'Started');
    assert.deepEqual(await h.call('TriggerMessage', { requestedMessage: 'TransactionEvent', evse: { id: 1 } }), { status: 'Accepted' });
    const updated = await h.waitForSent('TransactionEvent', (p) => p.eventType === 'Updated');
    assert.deepEqual([updated.payload.triggerReason, updated.payload.seqNo], ['Trigger', 1]);
    assert.deepEqual(h.fleet.snapshot().metrics.errors, {});
    assertTraceValid(h.trace());
  });
});

test('GetBaseReport is Accepted and followed by NotifyReports numbered by seqNo, tbc on all but the last', async () => {
  await withHarness({}, {}, async (h) => {
    assert.deepEqual(await h.call('GetBaseReport', { requestId: 5, reportBase: 'FullInventory' }), { status: 'Accepted' });
    await waitUntil(() => h.sent('NotifyReport').some((c) => c.answer && c.payload.tbc === false), 3000, 'the last NotifyReport');
    const reports = h.sent('NotifyReport').map((c) => c.payload);
    assert.ok(reports.length >= 2, `${reports.length} NotifyReports`);
    assert.deepEqual(reports.map((r) => r.seqNo), reports.map((_, i) => i));
    assert.deepEqual(reports.map((r) => r.tbc), reports.map((_, i) => i < reports.length - 1));
    assert.ok(reports.every((r) => r.requestId === 5 && r.generatedAt === reports[0]?.generatedAt));
    const entries = reports.flatMap((r) => r.reportData as Array<{ component: { name: string; evse?: { id: number } }; variable: { name: string }; variableAttribute: Payload[] }>);
    const heartbeat = entries.find((e) => e.component.name === 'OCPPCommCtrlr' && e.variable.name === 'HeartbeatInterval');
    assert.deepEqual(heartbeat?.variableAttribute, [{ type: 'Actual', value: '60', mutability: 'ReadWrite' }]);
    assert.deepEqual(entries.filter((e) => e.component.name === 'EVSE').map((e) => e.component.evse?.id), [1, 2]);

    const before = h.sent('NotifyReport').length;
    assert.deepEqual(await h.call('GetBaseReport', { requestId: 6, reportBase: 'SummaryInventory' }), { status: 'Accepted' });
    const summary = await h.waitForSent('NotifyReport', (r) => r.requestId === 6, before);
    assert.deepEqual((summary.payload.reportData as Array<{ component: Payload }>).map((e) => e.component),
      [{ name: 'ChargingStation' }, { name: 'EVSE', evse: { id: 1 } }, { name: 'EVSE', evse: { id: 2 } }]);
    assertTraceValid(h.trace());
  });
});

test('ChangeAvailability reports the new status of the EVSEs it names, and is Scheduled while a transaction runs', async () => {
  await withHarness({}, {}, async (h) => {
    assert.deepEqual(await h.call('ChangeAvailability', { operationalStatus: 'Inoperative', evse: { id: 7 } }), { status: 'Rejected' });
    const before = h.sent('StatusNotification').length;
    assert.deepEqual(await h.call('ChangeAvailability', { operationalStatus: 'Inoperative', evse: { id: 1 } }), { status: 'Accepted' });
    const unavailable = await h.waitForSent('StatusNotification', () => true, before);
    assert.deepEqual([unavailable.payload.evseId, unavailable.payload.connectorStatus], [1, 'Unavailable']);
    assert.deepEqual(await h.call('RequestStartTransaction', { idToken: { idToken: 'T', type: 'ISO14443' }, remoteStartId: 1, evseId: 1 }), { status: 'Rejected' }, 'an Unavailable EVSE starts nothing');

    await h.call('RequestStartTransaction', { idToken: { idToken: 'T', type: 'ISO14443' }, remoteStartId: 2, evseId: 2 });
    const started = await h.waitForSent('TransactionEvent', (p) => p.eventType === 'Started');
    assert.deepEqual(await h.call('ChangeAvailability', { operationalStatus: 'Inoperative', evse: { id: 2 } }), { status: 'Scheduled' });
    await h.call('RequestStopTransaction', { transactionId: (started.payload.transactionInfo as Payload).transactionId });
    await h.waitForSent('StatusNotification', (s) => s.evseId === 2 && s.connectorStatus === 'Unavailable');
    const evse2 = h.sent('StatusNotification').map((c) => c.payload).filter((s) => s.evseId === 2).map((s) => s.connectorStatus);
    assert.deepEqual(evse2.slice(-3), ['Occupied', 'Available', 'Unavailable'], 'the change waits for the end of the transaction');

    assert.deepEqual(await h.call('UnlockConnector', { evseId: 9, connectorId: 1 }), { status: 'UnknownConnector' });
    assert.deepEqual(await h.call('UnlockConnector', { evseId: 1, connectorId: 2 }), { status: 'UnknownConnector' });
    assert.deepEqual(await h.call('UnlockConnector', { evseId: 1, connectorId: 1 }), { status: 'Unlocked' });
    assert.deepEqual(await h.call('ClearCache', {}), { status: 'Accepted' });
    assert.deepEqual(await h.call('DataTransfer', { vendorId: 'com.example' }), { status: 'UnknownVendorId' });
    assert.deepEqual(h.fleet.snapshot().metrics.errors, {});
  });
});

test('a 2.0.1 station answers unknown actions NotImplemented, unhandled 2.0.1 actions NotSupported, bad payloads with 2.0.1 codes', async () => {
  // The gateway does not validate here, so it sends what the test asks for; the station does.
  await withHarness({ validate: false }, {}, async (h) => {
    await assert.rejects(h.call('FooBar', {}), ocppError('NotImplemented', 'NotImplemented'));
    await assert.rejects(h.call('SetDisplayMessage', { message: { id: 1, priority: 'InFront', message: { format: 'UTF8', content: 'hi' } } }), ocppError('NotSupported', 'NotSupported'));
    await assert.rejects(h.call('GetVariables', {}), ocppError('OccurrenceConstraintViolation', 'OccurrenceConstraintViolation'));
    await assert.rejects(h.call('Reset', { type: 'Immediate', extra: 1 }), ocppError('FormatViolation', 'FormatViolation'));
    await assert.rejects(h.call('UnlockConnector', { evseId: '1', connectorId: 1 }), ocppError('TypeConstraintViolation', 'TypeConstraintViolation'));
    await assert.rejects(h.call('Reset', { type: 'Sometime' }), ocppError('PropertyConstraintViolation', 'PropertyConstraintViolation'));
    assert.equal(h.gateway.stats().boots.Accepted, 1, 'nothing was reset');
  });
});

test('a station whose boot was Rejected answers CSMS calls with SecurityError, but a triggered BootNotification is allowed', async () => {
  const h = await Harness.start({ bootStatus: 'Rejected', heartbeatIntervalSec: 30 });
  try {
    await waitUntil(() => h.fleet.snapshot().states.rejected === 1, 3000, 'the station to be Rejected');
    await assert.rejects(h.call('GetVariables', { getVariableData: [{ component: { name: 'OCPPCommCtrlr' }, variable: { name: 'HeartbeatInterval' } }] }),
      ocppError('SecurityError', 'SecurityError'));
    await assert.rejects(h.call('Reset', { type: 'Immediate' }), ocppError('SecurityError', 'SecurityError'));
    assert.deepEqual(await h.call('TriggerMessage', { requestedMessage: 'BootNotification' }), { status: 'Accepted' });
    const triggered = await h.waitForSent('BootNotification', (p) => p.reason === 'Triggered');
    assert.equal((triggered.answer?.[2] as Payload).status, 'Rejected');
    assert.equal(h.gateway.stats().boots.Rejected, 2);
  } finally {
    await h.close();
  }
});

test('while its boot is Pending a 2.0.1 station answers GetVariables but starts no transaction', async () => {
  const h = await Harness.start({ bootStatus: 'Pending', heartbeatIntervalSec: 30 });
  try {
    await waitUntil(() => h.fleet.snapshot().states.pending === 1, 3000, 'the station to be Pending');
    const read = await h.call('GetVariables', { getVariableData: [{ component: { name: 'ChargingStation' }, variable: { name: 'Model' } }] });
    assert.equal((read.getVariableResult as Payload[])[0]?.attributeValue, 'VirtualCP');
    assert.deepEqual(await h.call('RequestStartTransaction', { idToken: { idToken: 'T', type: 'ISO14443' }, remoteStartId: 1, evseId: 1 }), { status: 'Rejected' });
    assert.deepEqual(h.sent('TransactionEvent'), []);
  } finally {
    await h.close();
  }
});
