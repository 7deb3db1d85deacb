import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkScenario, parseScenario } from '../../../src/chargepoint/scenario/loader.js';
import { yaml } from './harness.js';

// `chargePoint.power` and `csms:` as the loader reads them: what they become, and each problem
// with the line it is reported at.

const FILE = 'scenarios/charging.yaml';
const SET_16 = [
  '  - on: transaction',
  '    after: 3s',
  '    call: SetChargingProfile',
  '    payload:',
  '      connectorId: "{{connectorId}}"',
  '      csChargingProfiles: { chargingProfileId: 1, transactionId: "{{transactionId}}", stackLevel: 0, chargingProfilePurpose: TxProfile, chargingProfileKind: Relative, chargingSchedule: { chargingRateUnit: W, chargingSchedulePeriod: [{ startPeriod: 0, limit: 3700 }] } }',
];

const file = (chargePoint: string[], csms: string[], protocol = 'ocpp1.6'): string =>
  yaml('name: charging', `protocol: ${protocol}`, 'chargePoint:', '  connectors: 2', ...chargePoint, 'csms:', ...csms, 'steps:', '  - boot');

test('power and csms entries are read with their defaults and the line they stand on', () => {
  const scenario = parseScenario(file(['  power: { voltage: 400, phases: 3, maxPowerW: 22000 }'], [...SET_16, '  - { on: boot, call: GetConfiguration }']), FILE);
  assert.deepEqual(scenario.chargePoint.power, { voltage: 400, phases: 3, maxPowerW: 22000 });
  assert.deepEqual(scenario.csms?.map((c) => [c.on, c.afterMs, c.action, c.line]), [['transaction', 3000, 'SetChargingProfile', 7], ['boot', 0, 'GetConfiguration', 13]]);
  assert.equal((scenario.csms?.[0]?.payload.csChargingProfiles as { transactionId: unknown }).transactionId, '{{transactionId}}', 'placeholders stay until sent');
  assert.equal(parseScenario(yaml('steps:', '  - boot'), FILE).csms, undefined);
  const both = parseScenario(file([], ['  - { on: boot, call: DataTransfer, payload: { vendorId: acme } }']), FILE);
  assert.deepEqual(both.csms?.map((c) => c.action), ['DataTransfer'], 'DataTransfer goes both ways, as in requestCall');
});

test('each problem of power and csms is reported where it stands', () => {
  const cases: Array<[string, string[], string[], number, RegExp]> = [
    ['an unknown power key', ['  power: { volts: 230 }'], ['  - { on: boot, call: GetConfiguration }'], 5, /unknown chargePoint.power key 'volts'/],
    ['four phases', ['  power: { phases: 4 }'], ['  - { on: boot, call: GetConfiguration }'], 5, /phases must be an integer from 1 to 3/],
    ['an unknown trigger', [], ['  - { on: heartbeat, call: GetConfiguration }'], 6, /csms.on must be 'boot' or 'transaction'/],
    ['a CALL the charge point sends', [], ['  - { on: boot, call: Heartbeat }'], 6, /csms.call must be an action the central system sends in ocpp1.6/],
    ['a bad duration', [], ['  - { on: boot, after: soon, call: GetConfiguration }'], 6, /csms.after must be a duration/],
    ['an unknown key', [], ['  - { on: boot, call: GetConfiguration, every: 5s }'], 6, /csms entries have no key 'every'/],
    ['a payload breaking its schema', [], ['  - { on: boot, call: Reset, payload: { type: Warm } }'], 6, /csms Reset: payload/],
    ['a template that is not a placeholder', [], ['  - { on: boot, call: GetConfiguration, payload: { key: ["{{cp.id}}"] } }'], 6, /only '\{\{transactionId\}\}' or '\{\{connectorId\}\}'/],
    ['not a list', [], ['  on: boot'], 6, /csms must be a list of 1 to 20 entries/],
  ];
  for (const [name, chargePoint, csms, line, message] of cases) {
    const { problems } = checkScenario(file(chargePoint, csms), FILE);
    assert.ok(problems.some((p) => p.line === line && message.test(p.message)), `${name}: ${JSON.stringify(problems)}`);
  }
});

test('a 2.0.1 csms payload is checked with a string transactionId', () => {
  const csms = ['  - on: transaction', '    call: SetChargingProfile', '    payload:', '      evseId: "{{connectorId}}"',
    '      chargingProfile: { id: 1, transactionId: "{{transactionId}}", stackLevel: 0, chargingProfilePurpose: TxProfile, chargingProfileKind: Relative, chargingSchedule: [{ id: 1, chargingRateUnit: A, chargingSchedulePeriod: [{ startPeriod: 0, limit: 16 }] }] }'];
  assert.deepEqual(checkScenario(file([], csms, 'ocpp2.0.1'), FILE).problems, []);
  assert.ok(checkScenario(file([], SET_16, 'ocpp2.0.1'), FILE).problems.some((p) => /csms SetChargingProfile: payload/.test(p.message)), 'a 1.6 payload is refused in 2.0.1');
});
