import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Payload } from '../../../src/protocol/frame.js';
import { Fleet } from '../../../src/runner/fleet.js';
import { fleetOptions } from '../../helpers/fleet-options.js';
import { startIndependentCsms } from '../../helpers/ocpp-rpc-csms.js';
import { waitUntil } from '../../helpers/poll.js';
import { meteredScenario, OFFER_W, rateW, readingsOf, type Reading } from './metered.js';

// Smart charging against a central system ocpp-sim did not write: ocpp-rpc's RPCServer in strict
// mode (test/helpers/ocpp-rpc-csms.ts) sends the CALLs through its trigger API and validates the
// charge point's answers against its own copy of the official schemas: a 200 is a schema-valid
// answer, a 502 one it refused. ReportChargingProfiles from the charge point is checked the same way.
// The charge point's readings are read back from its --trace file.

type Answer = { status: number; result?: Record<string, unknown>; error?: string };

async function trigger(triggerUrl: string, version: string, action: string, payload: unknown): Promise<Answer> {
  const response = await fetch(`${triggerUrl}/api/octt/${version}/CP-001/${action}`, { method: 'POST', body: JSON.stringify(payload) });
  return { status: response.status, ...((await response.json()) as { result?: Record<string, unknown>; error?: string }) };
}

const statusOf = (answer: Answer): unknown => (answer.status === 200 ? answer.result?.status : `HTTP ${answer.status} ${answer.error ?? ''}`);

/** The periodic readings in a trace file so far (a line still being written is skipped). */
function tracedReadings(file: string): Reading[] {
  let text = '';
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    return [];
  }
  const payloads = text.split('\n').flatMap((line) => {
    try {
      const { dir, frame } = JSON.parse(line) as { dir: string; frame: unknown[] };
      return dir === 'out' && frame[0] === 2 && (frame[2] === 'MeterValues' || frame[2] === 'TransactionEvent') ? [frame[3] as Payload] : [];
    } catch {
      return [];
    }
  });
  return readingsOf(payloads);
}

async function readingsAt(file: string, watts: number, count: number): Promise<Reading[]> {
  await waitUntil(() => tracedReadings(file).filter((r) => r.w === watts).length >= count, 30_000, `${count} readings at ${watts} W`, 50);
  return tracedReadings(file).filter((r) => r.w === watts);
}

for (const version of ['ocpp1.6', 'ocpp2.0.1'] as const) {
  test(`${version}: a strict ocpp-rpc CSMS halves the power and the energy rate follows; every smart-charging answer is schema-valid, accepted and refused alike`, { timeout: 60_000 }, async () => {
    const csms = await startIndependentCsms(['TAG-1']);
    const dir = mkdtempSync(join(tmpdir(), 'ocpp-sim-sc-'));
    const trace = join(dir, 'trace.ndjson');
    const fleet = new Fleet(fleetOptions(csms.url, { scenario: meteredScenario(version), durationMs: 60_000, trace: { file: trace } }));
    fleet.start();
    try {
      const full = await readingsAt(trace, OFFER_W, 4);
      const call = (action: string, payload: unknown): Promise<Answer> => trigger(csms.triggerUrl, version, action, payload);
      const schedule = { chargingRateUnit: 'W', chargingSchedulePeriod: [{ startPeriod: 0, limit: OFFER_W / 2 }] };
      const cases: Array<[string, string, unknown, unknown]> = version === 'ocpp1.6' ? [
        ['a TxProfile for the transaction', 'set-charging-profile', { connectorId: 1, csChargingProfiles: { chargingProfileId: 1, stackLevel: 0, chargingProfilePurpose: 'TxProfile', chargingProfileKind: 'Relative', chargingSchedule: schedule } }, 'Accepted'],
        ['a TxProfile without a transaction', 'set-charging-profile', { connectorId: 2, csChargingProfiles: { chargingProfileId: 2, stackLevel: 0, chargingProfilePurpose: 'TxProfile', chargingProfileKind: 'Relative', chargingSchedule: schedule } }, 'Rejected'],
        ['the composite schedule', 'get-composite-schedule', { connectorId: 1, duration: 600, chargingRateUnit: 'A' }, 'Accepted'],
        ['an unknown connector\'s schedule', 'get-composite-schedule', { connectorId: 9, duration: 600 }, 'Rejected'],
        ['clearing everything', 'clear-charging-profile', {}, 'Accepted'],
        ['clearing again', 'clear-charging-profile', {}, 'Unknown'],
      ] : [
        ['a TxDefaultProfile on EVSE 1', 'set-charging-profile', { evseId: 1, chargingProfile: { id: 1, stackLevel: 0, chargingProfilePurpose: 'TxDefaultProfile', chargingProfileKind: 'Relative', chargingSchedule: [{ id: 1, ...schedule }] } }, 'Accepted'],
        ['a TxProfile of an unknown transaction', 'set-charging-profile', { evseId: 1, chargingProfile: { id: 2, stackLevel: 1, transactionId: 'nope', chargingProfilePurpose: 'TxProfile', chargingProfileKind: 'Relative', chargingSchedule: [{ id: 1, ...schedule }] } }, 'Rejected'],
        ['the profiles, reported after', 'get-charging-profiles', { requestId: 7, chargingProfile: {} }, 'Accepted'],
        ['no profiles of a source', 'get-charging-profiles', { requestId: 8, chargingProfile: { chargingLimitSource: ['SO'] } }, 'NoProfiles'],
        ['the composite schedule', 'get-composite-schedule', { evseId: 1, duration: 600, chargingRateUnit: 'A' }, 'Accepted'],
        ['an unknown EVSE\'s schedule', 'get-composite-schedule', { evseId: 9, duration: 600 }, 'Rejected'],
        ['clearing by id', 'clear-charging-profile', { chargingProfileId: 1 }, 'Accepted'],
        ['clearing it again', 'clear-charging-profile', { chargingProfileId: 1 }, 'Unknown'],
      ];
      const [first, ...rest] = cases;
      const [name, action, payload, expected] = first as (typeof cases)[number];
      assert.equal(statusOf(await call(action, payload)), expected, name);
      const half = await readingsAt(trace, OFFER_W / 2, 4);
      const ratio = rateW(half) / rateW(full);
      assert.ok(Math.abs(ratio - 0.5) < 0.03, `energy rate ${rateW(full).toFixed(0)} W, then ${rateW(half).toFixed(0)} W under the profile (ratio ${ratio.toFixed(3)})`);
      for (const [what, act, body, want] of rest) assert.equal(statusOf(await call(act, body)), want, what);
      if (version === 'ocpp2.0.1') {
        await waitUntil(() => (fleet.snapshot().metrics.received.ReportChargingProfiles ?? 0) >= 1, 10_000, 'ReportChargingProfiles answered by the CSMS');
      }
      const snap = fleet.snapshot();
      assert.equal(snap.metrics.callErrors, 0, 'the strict CSMS refused nothing the charge point sent');
      assert.equal(snap.metrics.answeredWithError.SetChargingProfile ?? 0, 0);
    } finally {
      await fleet.stop();
      await csms.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
}
