import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Scenario } from '../../src/chargepoint/scenario/types.js';
import { loadVersions, type OcppVersion } from '../../src/protocol/versions.js';
import { Fleet } from '../../src/runner/fleet.js';
import { assertOutcome, chargePointPayloadCorpus, frameCorpus, forVersion } from '../helpers/bad-frames.js';
import { defaultScenario, fleetOptions } from '../helpers/fleet-options.js';
import { sendWire } from '../helpers/raw-peer.js';
import { ScriptedCsms } from '../helpers/scripted-csms.js';

// Malformed input sent to a charge point by a raw `ws` central system, for each version: every
// frame gets the CallError the error policy names (1.6 spellings on 1.6) or is dropped and
// counted; what the WebSocket layer refuses closes that charge point's connection, which it
// reconnects. Its neighbour in the fleet keeps answering throughout.

// The 2.1 schemas are an ES module: loaded before anything asks for them, as run, gateway and loader do.
await loadVersions(['ocpp2.1']);

const VICTIM = 'CP-001';
const NEIGHBOUR = 'CP-002';
const MAX_PAYLOAD = 65_536;

/** The default scenario (boot, status of every connector, heartbeat) in the given version. */
function scenarioFor(version: OcppVersion): Scenario {
  const base = defaultScenario();
  return version === 'ocpp1.6' ? base : { ...base, name: version.replace(/\W/g, ''), protocol: version };
}

/** A CALL every charge point answers at once, in both versions. */
const PROBE = { action: 'ClearCache', payload: {} };

async function settledFleet(csms: ScriptedCsms, version: OcppVersion): Promise<Fleet> {
  const fleet = new Fleet(fleetOptions(csms.url, { count: 2, scenario: scenarioFor(version) }));
  fleet.start();
  await csms.waitFor(() => fleet.snapshot(false).states.accepted === 2 && csms.calls('StatusNotification').length >= 2 * (version === 'ocpp1.6' ? 3 : 2),
    3000, 'both charge points to boot and report their connectors');
  return fleet;
}

/** Responses (type 3/4 frames) `id` sent, from index `from` of the recorded frames on. */
function responsesOf(csms: ScriptedCsms, id: string, from: number): unknown[] {
  return csms.frames.slice(from).filter((f) => f.chargePointId === id && Array.isArray(f.frame) && (f.frame[0] === 3 || f.frame[0] === 4)).map((f) => f.frame);
}

for (const version of ['ocpp1.6', 'ocpp2.0.1', 'ocpp2.1'] as const) {
  test(`a charge point (${version}) answers each malformed frame from the central system per the error policy or drops and counts it`, async () => {
    const csms = await ScriptedCsms.start();
    const fleet = await settledFleet(csms, version);
    let dropped = 0;
    try {
      const corpus = [...forVersion(frameCorpus(MAX_PAYLOAD), version).filter((entry) => !entry.closes), ...chargePointPayloadCorpus(version)];
      for (const entry of corpus) {
        const from = csms.frames.length;
        sendWire(csms.socketOf(VICTIM) as NonNullable<ReturnType<ScriptedCsms['socketOf']>>, entry.wire);
        const probe = await csms.call(VICTIM, PROBE.action, PROBE.payload);
        assert.deepEqual(probe[2], { status: 'Accepted' }, `${entry.name}: still answering`);
        const replies = responsesOf(csms, VICTIM, from).filter((frame) => (frame as unknown[])[1] !== probe[1]);
        assertOutcome(entry.name, entry.expect, replies);
        if (entry.expect === 'none') dropped++;
      }
      const neighbour = await csms.call(NEIGHBOUR, PROBE.action, PROBE.payload);
      assert.deepEqual(neighbour[2], { status: 'Accepted' });
    } finally {
      await fleet.stop();
      await csms.close();
    }
    const m = fleet.snapshot().metrics;
    assert.deepEqual(m.disconnects, {}, 'no bad frame cost the connection');
    const counted = Object.values(m.anomalies).reduce((a, b) => a + b, 0);
    assert.ok(counted >= dropped, `every dropped frame counted as an anomaly (${JSON.stringify(m.anomalies)} ≥ ${dropped})`);
    if (version === 'ocpp1.6') {
      assert.ok(!Object.keys(m.errors).some((key) => /MessageTypeNotSupported|RpcFrameworkError|FormatViolation$|OccurrenceConstraint/.test(key)),
        `only 1.6 spellings on 1.6: ${Object.keys(m.errors).join(', ')}`);
    }
  });

  test(`a charge point (${version}) whose connection gets a frame the WebSocket layer refuses reconnects and boots again; its neighbour is unaffected`, async () => {
    const csms = await ScriptedCsms.start();
    const fleet = await settledFleet(csms, version);
    const closers = forVersion(frameCorpus(MAX_PAYLOAD), version).filter((entry) => entry.closes);
    try {
      for (const [i, entry] of closers.entries()) {
        const socket = csms.socketOf(VICTIM);
        assert.ok(socket, `${VICTIM} is connected`);
        sendWire(socket, entry.wire);
        await csms.waitFor(() => csms.calls('BootNotification').filter((f) => f.chargePointId === VICTIM).length === i + 2, 3000, `${VICTIM} to boot again after ${entry.name}`);
        const neighbour = await csms.call(NEIGHBOUR, PROBE.action, PROBE.payload);
        assert.deepEqual(neighbour[2], { status: 'Accepted' }, `${NEIGHBOUR} still answers after ${entry.name}`);
      }
    } finally {
      await fleet.stop();
      await csms.close();
    }
    const m = fleet.snapshot().metrics;
    assert.deepEqual(m.disconnects, Object.fromEntries(closers.map((entry) => [String((entry.expect as { close: number }).close), 1])),
      'each refused frame closed the connection with its code (1007 invalid UTF-8, 1009 too big)');
    assert.equal(m.reconnects, closers.length);
  });
}
