import { test } from 'node:test';
import assert from 'node:assert/strict';
import { PROFILE_LIMITS, parseProfileV16, parseProfileV201 } from '../../../src/chargepoint/smart-charging/parse.js';
import { T0 } from './fixtures.js';

const schedule = (fields: Record<string, unknown> = {}): Record<string, unknown> => ({ chargingRateUnit: 'W', chargingSchedulePeriod: [{ startPeriod: 0, limit: 3700 }], ...fields });
const v16 = (fields: Record<string, unknown> = {}): Record<string, unknown> => ({
  chargingProfileId: 1, stackLevel: 0, chargingProfilePurpose: 'TxDefaultProfile', chargingProfileKind: 'Relative', chargingSchedule: schedule(), ...fields,
});
const v201 = (fields: Record<string, unknown> = {}): Record<string, unknown> => ({
  id: 1, stackLevel: 0, chargingProfilePurpose: 'TxDefaultProfile', chargingProfileKind: 'Relative', chargingSchedule: [{ id: 1, ...schedule() }], ...fields,
});
const reason = (parsed: ReturnType<typeof parseProfileV16>): string => ('refused' in parsed ? parsed.refused.reasonCode : 'accepted');

test('1.6 profiles: what is read and what is refused', () => {
  const cases: Array<[string, unknown, string]> = [
    ['a Relative TxDefaultProfile', v16(), 'accepted'],
    ['a ChargePointMaxProfile', v16({ chargingProfilePurpose: 'ChargePointMaxProfile', chargingProfileKind: 'Absolute', chargingSchedule: schedule({ startSchedule: '2026-01-05T12:00:00Z' }) }), 'accepted'],
    ['Absolute without startSchedule (1.6: from the start of charging)', v16({ chargingProfileKind: 'Absolute' }), 'accepted'],
    ['first period after 0 (1.6 allows it)', v16({ chargingSchedule: schedule({ chargingSchedulePeriod: [{ startPeriod: 60, limit: 1 }] }) }), 'accepted'],
    ['not an object', 'x', 'InvalidValue'],
    ['an unknown purpose', v16({ chargingProfilePurpose: 'ChargingStationExternalConstraints' }), 'InvalidValue'],
    ['stack level above the maximum', v16({ stackLevel: PROFILE_LIMITS.maxStackLevel + 1 }), 'InvalidStackLevel'],
    ['a negative stack level', v16({ stackLevel: -1 }), 'InvalidValue'],
    ['an unknown kind', v16({ chargingProfileKind: 'Dynamic' }), 'InvalidValue'],
    ['Recurring without recurrencyKind', v16({ chargingProfileKind: 'Recurring', chargingSchedule: schedule({ startSchedule: '2026-01-05T12:00:00Z' }) }), 'InvalidSchedule'],
    ['Recurring without startSchedule', v16({ chargingProfileKind: 'Recurring', recurrencyKind: 'Daily' }), 'InvalidSchedule'],
    ['too many periods', v16({ chargingSchedule: schedule({ chargingSchedulePeriod: Array.from({ length: PROFILE_LIMITS.maxPeriods + 1 }, (_, i) => ({ startPeriod: i, limit: 1 })) }) }), 'InvalidSchedule'],
    ['no periods', v16({ chargingSchedule: schedule({ chargingSchedulePeriod: [] }) }), 'InvalidSchedule'],
    ['periods out of order', v16({ chargingSchedule: schedule({ chargingSchedulePeriod: [{ startPeriod: 0, limit: 1 }, { startPeriod: 0, limit: 2 }] }) }), 'InvalidSchedule'],
    ['a negative limit', v16({ chargingSchedule: schedule({ chargingSchedulePeriod: [{ startPeriod: 0, limit: -1 }] }) }), 'InvalidSchedule'],
    ['an unknown unit', v16({ chargingSchedule: schedule({ chargingRateUnit: 'kW' }) }), 'InvalidSchedule'],
    ['a bad date', v16({ validFrom: 'yesterday' }), 'InvalidValue'],
    ['four phases', v16({ chargingSchedule: schedule({ chargingSchedulePeriod: [{ startPeriod: 0, limit: 1, numberPhases: 4 }] }) }), 'InvalidSchedule'],
  ];
  for (const [name, raw, expected] of cases) assert.equal(reason(parseProfileV16(raw, PROFILE_LIMITS, T0)), expected, name);
});

test('2.0.1 profiles add K01 rules: first period at 0, startSchedule exactly when not Relative, no Relative station max', () => {
  const start = '2026-01-05T12:00:00Z';
  const cases: Array<[string, unknown, string]> = [
    ['a Relative TxDefaultProfile', v201(), 'accepted'],
    ['an Absolute ChargingStationMaxProfile', v201({ chargingProfilePurpose: 'ChargingStationMaxProfile', chargingProfileKind: 'Absolute', chargingSchedule: [schedule({ startSchedule: start })] }), 'accepted'],
    ['a Relative ChargingStationMaxProfile (K01.FR.38)', v201({ chargingProfilePurpose: 'ChargingStationMaxProfile' }), 'InvalidValue'],
    ['Absolute without startSchedule (K01.FR.40)', v201({ chargingProfileKind: 'Absolute' }), 'InvalidSchedule'],
    ['Relative with startSchedule (K01.FR.41)', v201({ chargingSchedule: [schedule({ startSchedule: start })] }), 'InvalidSchedule'],
    ['first period after 0 (K01.FR.31)', v201({ chargingSchedule: [schedule({ chargingSchedulePeriod: [{ startPeriod: 5, limit: 1 }] })] }), 'InvalidSchedule'],
    ['ChargingStationExternalConstraints (K01.FR.22)', v201({ chargingProfilePurpose: 'ChargingStationExternalConstraints' }), 'InvalidValue'],
    ['a 2.1 period without limit', v201({ chargingSchedule: [schedule({ chargingSchedulePeriod: [{ startPeriod: 0, setpoint: 5 }] })] }), 'InvalidSchedule'],
    ['no schedule', v201({ chargingSchedule: [] }), 'InvalidSchedule'],
  ];
  for (const [name, raw, expected] of cases) assert.equal(reason(parseProfileV201(raw, PROFILE_LIMITS, T0)), expected, name);
  const parsed = parseProfileV201(v201({ transactionId: 'tx-1', validTo: start }), PROFILE_LIMITS, T0);
  assert.ok('profile' in parsed);
  assert.deepEqual([parsed.profile.purpose, parsed.profile.transactionId, parsed.profile.validTo], ['TxDefault', 'tx-1', T0]);
});
