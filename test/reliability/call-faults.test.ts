import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Fleet } from '../../src/runner/fleet.js';
import { fleetOptions } from '../helpers/fleet-options.js';
import { sleep } from '../helpers/poll.js';
import { ScriptedCsms, type InboundCall } from '../helpers/scripted-csms.js';

// A central system that misbehaves on the answers to a charge point's CALLs, on real sockets:
// a raw `ws` server speaking just enough OCPP 1.6. The charge points boot, report their
// connectors and heartbeat every second (the boot answer's interval); each meets one fault on
// its Heartbeats. A call that is never answered times out and is counted; an answer that
// comes too late, twice or with an id nobody asked for is dropped and counted as a bad frame,
// and never answered (a response gets no response, OCPP-J 1.6 §4.1.4 / brief §2.5).

const CALL_TIMEOUT_MS = 300;

type Fault = 'silent' | 'late' | 'twice' | 'unknown-id';
const FAULTS: Record<string, Fault> = { 'CP-001': 'silent', 'CP-002': 'late', 'CP-003': 'twice', 'CP-004': 'unknown-id' };

test('a call never answered times out and the charge point carries on; late, doubled and unknown-id answers are dropped, counted and not answered', async () => {
  const heartbeats = new Map<string, number>();
  let extraFrames = 0;
  const csms = await ScriptedCsms.start((call: InboundCall, self) => {
    if (call.action !== 'Heartbeat') return self.answer(call);
    const n = (heartbeats.get(call.chargePointId) ?? 0) + 1;
    heartbeats.set(call.chargePointId, n);
    switch (FAULTS[call.chargePointId]) {
      case 'silent':
        if (n > 1) self.answer(call); // only the first Heartbeat is left unanswered
        return;
      case 'late':
        // First Heartbeat: answered after its timeout, when the charge point no longer waits for it.
        self.answer(call, undefined, n === 1 ? 2 * CALL_TIMEOUT_MS : 0);
        if (n === 1) extraFrames++;
        return;
      case 'twice':
        self.answer(call);
        self.answer(call);
        extraFrames++;
        return;
      case 'unknown-id':
        call.ws.send(JSON.stringify([3, `no-such-id-${n}`, { currentTime: new Date().toISOString() }]));
        call.ws.send(JSON.stringify([4, `no-such-id-${n}`, 'GenericError', '', {}]));
        extraFrames += 2;
        self.answer(call);
        return;
      default:
        self.answer(call);
    }
  });
  const fleet = new Fleet(fleetOptions(csms.url, { count: 4, callTimeoutMs: CALL_TIMEOUT_MS }));
  try {
    fleet.start();
    // The Heartbeat after the fault (1 s interval), and time for its answers to arrive.
    await csms.waitFor(() => Object.keys(FAULTS).every((id) => (heartbeats.get(id) ?? 0) >= 2), 5000, 'two Heartbeats from every charge point');
    await sleep(100);
  } finally {
    await fleet.stop();
    await csms.close();
  }
  const snap = fleet.snapshot();
  const m = snap.metrics;
  assert.equal(m.timeouts, 2, 'the unanswered and the late Heartbeat timed out, nothing else');
  assert.equal(m.errors['timeout:Heartbeat'], 2);
  assert.deepEqual(m.errors, { 'timeout:Heartbeat': 2 }, 'the late, second and unknown-id answers are no errors of their own');
  assert.equal(m.anomalies['late-answer'], 1, 'the answer after the timeout is told apart as late');
  assert.equal(m.anomalies['unknown-id'], extraFrames - 1, `every second and unknown-id answer counted once (${extraFrames - 1})`);
  assert.deepEqual(csms.responses(), [], 'the charge points never answered a response');
  assert.deepEqual(m.disconnects, {}, 'no fault cost a connection');
  assert.equal(m.connects, 4);
  for (const id of Object.keys(FAULTS)) {
    assert.ok((heartbeats.get(id) ?? 0) >= 2, `${id} kept heartbeating after its fault`);
  }
  assert.equal(snap.states.closed, 4, 'all four ran until stopped');
});

test('a BootNotification that is never answered times out, and the charge point boots again after bootRetrySec', async () => {
  let boots = 0;
  const csms = await ScriptedCsms.start((call, self) => {
    if (call.action === 'BootNotification' && ++boots === 1) return;
    self.answer(call);
  });
  const fleet = new Fleet(fleetOptions(csms.url, { count: 1, callTimeoutMs: CALL_TIMEOUT_MS, bootRetrySec: 1 }));
  try {
    fleet.start();
    await csms.waitFor(() => csms.calls('StatusNotification').length >= 3, 4000, 'the charge point to boot on its second try and report its connectors');
  } finally {
    await fleet.stop();
    await csms.close();
  }
  const [first, second] = csms.calls('BootNotification');
  assert.ok(first && second);
  assert.ok(second.at - first.at >= 1000 - 20, `second boot after bootRetrySec (${Math.round(second.at - first.at)} ms)`);
  const m = fleet.snapshot().metrics;
  assert.equal(m.errors['timeout:BootNotification'], 1);
  assert.equal(m.boots.Accepted, 1);
  assert.equal(first.conn, second.conn, 'on the same connection: a timeout is not a reason to reconnect');
});
