import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { profileFor } from '../../../src/chargepoint/protocol-profile.js';
import { ScenarioError } from '../../../src/chargepoint/scenario/types.js';
import { loadScenario, parseScenario } from '../../../src/chargepoint/scenario/loader.js';
import { shippedScenario } from '../../helpers/repo-root.js';

// parseScenario is pure: a table of bad scenarios, each with the line its problem stands on
// and words the message must contain. Every message starts with `file:line:column: `
// (test/chargepoint/scenario/parser.test.ts pins the columns of every problem kind).

const FILE = 'scenarios/under-test.yaml';

/** Joins lines with '\n', so that a case's line numbers can be read off the array (1-based). */
const yaml = (...lines: string[]): string => lines.join('\n') + '\n';

const BAD: Array<{ name: string; text: string; line: number; says: RegExp }> = [
  {
    name: 'invalid YAML (an unclosed flow sequence)',
    text: yaml('name: broken', 'steps:', '  - boot: {}', '  - wait: { duration: [5s }'),
    line: 4,
    says: /invalid YAML/,
  },
  {
    name: 'invalid YAML (a key given twice)',
    text: yaml('name: x', 'steps:', '  - boot: {}', 'name: y'),
    line: 4,
    says: /invalid YAML: Map keys must be unique/,
  },
  {
    name: 'an unknown top-level key',
    text: yaml('name: x', 'protocol: ocpp1.6', 'colour: blue', 'steps:', '  - boot: {}'),
    line: 3,
    says: /unknown key 'colour'/,
  },
  {
    name: 'an unknown step type',
    text: yaml('name: x', 'steps:', '  - boot: {}', '  - fly: {}', '  - heartbeat: {}'),
    line: 4,
    says: /unknown step type 'fly'/,
  },
  {
    name: 'a connector status OCPP 1.6 does not have',
    text: yaml('name: x', 'steps:', '  - boot: {}', '', '  - statusNotification: { connector: 1, status: Sleeping }'),
    line: 5,
    says: /statusNotification\.status must be one of/,
  },
  {
    name: 'a wait without a valid duration',
    text: yaml('name: x', 'steps:', '  - boot: {}', '  - wait: { duration: soon }'),
    line: 4,
    says: /wait\.duration must be a duration/,
  },
  {
    name: 'a call of an action OCPP 1.6 does not have',
    text: yaml('name: x', 'steps:', '  - boot: {}', '  - heartbeat: {}', '  - call: { action: FlyToTheMoon }'),
    line: 5,
    says: /FlyToTheMoon/,
  },
  {
    name: 'a call whose payload fails the action schema',
    text: yaml('name: x', 'steps:', '  - boot: {}', '  - call:', '      action: Authorize', '      payload: { idTag: 42 }'),
    line: 6,
    says: /call Authorize: .*idTag/,
  },
  {
    name: 'a step connector beyond the charge point connectors',
    text: yaml('name: x', 'chargePoint:', '  connectors: 2', 'steps:', '  - boot: {}', '  - statusNotification: { connector: 3 }'),
    line: 6,
    says: /connector must be 'all', 0\.\.2/,
  },
  {
    name: 'a charge point with no connectors',
    text: yaml('name: x', 'chargePoint:', '  vendor: Acme', '  connectors: 0', 'steps:', '  - boot: {}'),
    line: 4,
    says: /connectors must be an integer from 1 to 100/,
  },
  {
    name: 'a charge point with more connectors than allowed',
    text: yaml('name: x', 'chargePoint:', '  connectors: 101', 'steps:', '  - boot: {}'),
    line: 3,
    says: /connectors must be an integer from 1 to 100/,
  },
  {
    name: 'a protocol ocpp-sim does not know',
    text: yaml('name: x', 'description: y', 'protocol: ocpp9', 'steps:', '  - boot: {}'),
    line: 3,
    says: /protocol must be one of/,
  },
];

for (const { name, text, line, says } of BAD) {
  test(`a scenario with ${name} is refused with a ScenarioError naming the file and line ${line}`, () => {
    assert.throws(() => parseScenario(text, FILE), (error: unknown) => {
      assert.ok(error instanceof ScenarioError, `expected a ScenarioError, got ${String(error)}`);
      assert.equal(error.file, FILE);
      assert.equal(error.line, line, `line of: ${error.message}`);
      assert.ok(error.message.startsWith(`${FILE}:${line}:${error.column}: `), error.message);
      assert.ok(error.problems.length >= 1 && error.problems[0]?.line === line, 'the first of all problems');
      assert.match(error.message, says);
      return true;
    });
  });
}

test('the shipped boot-heartbeat-status scenario loads: boot, StatusNotification for every connector, heartbeat', async () => {
  const file = shippedScenario();
  const scenario = await loadScenario(file);
  assert.deepEqual(scenario, parseScenario(readFileSync(file, 'utf8'), file), 'loadScenario is parseScenario of the file text');
  assert.equal(scenario.name, 'boot-heartbeat-status');
  assert.equal(scenario.file, file);
  assert.equal(scenario.protocol, 'ocpp1.6');
  assert.deepEqual(scenario.chargePoint, { vendor: 'ocpp-sim', model: 'VirtualCP', firmwareVersion: '0.1.0', connectors: 2 });
  assert.deepEqual(scenario.steps.map((step) => step.type), ['boot', 'statusNotification', 'heartbeat']);
  assert.deepEqual(scenario.steps[1], { type: 'statusNotification', line: 12, connector: 'all', status: 'Available', errorCode: 'NoError' });
  assert.ok(Object.isFrozen(scenario) && Object.isFrozen(scenario.steps), 'a loaded scenario is frozen, shared by every charge point');
});

test('a scenario with every step type parses each step with its line and defaults', () => {
  const scenario = parseScenario(yaml(
    'name: all-steps',
    'steps:',
    '  - boot',
    '  - statusNotification: { connector: 1, status: Charging, errorCode: NoError }',
    '  - wait: { duration: 1m30s }',
    '  - call: { action: Authorize, payload: { idTag: TAG-1 } }',
    '  - heartbeat: {}',
  ), FILE);
  assert.deepEqual(scenario.steps, [
    { type: 'boot', line: 3 },
    { type: 'statusNotification', line: 4, connector: 1, status: 'Charging', errorCode: 'NoError' },
    { type: 'wait', line: 5, ms: 90_000 },
    { type: 'call', line: 6, action: 'Authorize', payload: { idTag: 'TAG-1' } },
    { type: 'heartbeat', line: 7 },
  ]);
  assert.equal(scenario.protocol, 'ocpp1.6', 'the protocol defaults to ocpp1.6');
  assert.deepEqual(scenario.chargePoint, { vendor: 'ocpp-sim', model: 'VirtualCP', connectors: 1 }, 'the profile has defaults');
});

test('a scenario for OCPP 2.0.1 is refused while charge points do not speak it, and loads once they do', () => {
  const text = yaml('name: x', 'protocol: ocpp2.0.1', 'steps:', '  - boot: {}', '  - statusNotification: { connector: all }', '  - heartbeat');
  let speaks = true;
  try {
    profileFor('ocpp2.0.1');
  } catch {
    speaks = false;
  }
  if (speaks) assert.equal(parseScenario(text, FILE).protocol, 'ocpp2.0.1');
  else assert.throws(() => parseScenario(text, FILE), /:2:\d+: protocol ocpp2\.0\.1 is not available for charge points/);
});

test('loading a scenario file that does not exist says it was not found and names the file', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'ocpp-sim-scenario-'));
  const missing = join(dir, 'missing.yaml');
  try {
    await assert.rejects(loadScenario(missing), (error: unknown) => {
      assert.ok(error instanceof ScenarioError);
      assert.equal(error.file, missing);
      assert.match(error.message, /not found/);
      assert.ok(error.message.startsWith(missing), error.message);
      return true;
    });
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
