import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkScenario, parseScenario } from '../../../src/chargepoint/scenario/loader.js';
import { ScenarioError, type Step } from '../../../src/chargepoint/scenario/types.js';
import { yaml } from './harness.js';

// checkScenario is pure: a table of steps as written and the Step each becomes, then a table of
// problems, each pinned to the line and column it must be reported at (the column is where
// `at` first stands on that line) and words the message must contain.

const FILE = 'scenarios/table.yaml';
const HEAD = ['name: table', 'chargePoint: { connectors: 2 }', 'steps:'];

/** The steps of a scenario whose `steps:` list is `lines` (first step on line 4). */
function stepsOf(...lines: string[]): readonly Step[] {
  return parseScenario(yaml(...HEAD, ...lines), FILE).steps;
}

const GOOD: Array<{ name: string; lines: string[]; steps: Step[] }> = [
  { name: 'boot, as a word and as a mapping', lines: ['  - boot', '  - boot: {}'], steps: [{ type: 'boot', line: 4 }, { type: 'boot', line: 5 }] },
  { name: 'heartbeat with no options', lines: ['  - heartbeat:'], steps: [{ type: 'heartbeat', line: 4 }] },
  {
    name: 'statusNotification with defaults, a connector and the forEach connector',
    lines: ['  - statusNotification', '  - statusNotification: { connector: 2, status: Faulted, errorCode: GroundFailure, onFail: stop }'],
    steps: [
      { type: 'statusNotification', line: 4, connector: 'all', status: 'Available', errorCode: 'NoError' },
      { type: 'statusNotification', line: 5, connector: 2, status: 'Faulted', errorCode: 'GroundFailure', onFail: 'stop' },
    ],
  },
  {
    name: 'wait: shorthand, duration, random range',
    lines: ['  - wait: 5s', '  - wait: { duration: 1m30s }', '  - wait: { min: 1s, max: 5s }'],
    steps: [{ type: 'wait', line: 4, ms: 5000 }, { type: 'wait', line: 5, ms: 90_000 }, { type: 'wait', line: 6, ms: 1000, maxMs: 5000 }],
  },
  {
    name: 'call with payload, expect (flat and nested), save, connector, transaction and onFail',
    lines: [
      '  - call:',
      '      action: StartTransaction',
      '      payload: { connectorId: "{{connector}}", idTag: T1, meterStart: "{{meter.wh}}", timestamp: "{{now}}" }',
      '      expect: { idTagInfo: { status: Accepted } }',
      '      save: { txId: transactionId }',
      '      connector: 2',
      '      transaction: start',
      '      onFail: stop',
      '  - call: { action: Heartbeat, expect: { currentTime: "{{vars.txId}}" } }',
    ],
    steps: [
      {
        type: 'call', line: 4, action: 'StartTransaction',
        payload: { connectorId: '{{connector}}', idTag: 'T1', meterStart: '{{meter.wh}}', timestamp: '{{now}}' },
        expect: { 'idTagInfo.status': 'Accepted' }, save: { txId: 'transactionId' }, connector: 2, transaction: 'start', onFail: 'stop',
      },
      { type: 'call', line: 12, action: 'Heartbeat', payload: {}, expect: { currentTime: '{{vars.txId}}' } },
    ],
  },
  {
    name: 'await: shorthand and with match, timeout, save',
    lines: ['  - await: Reset', '  - await: { action: RemoteStartTransaction, match: { connectorId: 1 }, timeout: 30s, save: { tag: idTag }, onFail: stop }'],
    steps: [
      { type: 'await', line: 4, action: 'Reset' },
      { type: 'await', line: 5, action: 'RemoteStartTransaction', match: { connectorId: 1 }, timeoutMs: 30_000, save: { tag: 'idTag' }, onFail: 'stop' },
    ],
  },
  {
    name: 'respond with a payload for the rest of the connection',
    lines: ['  - respond: { action: RemoteStartTransaction, payload: { status: Rejected } }'],
    steps: [{ type: 'respond', line: 4, action: 'RemoteStartTransaction', payload: { status: 'Rejected' } }],
  },
  {
    name: 'set with a template',
    lines: ['  - set: { tag: "{{random.idTag}}", n: 3 }'],
    steps: [{ type: 'set', line: 4, values: { tag: '{{random.idTag}}', n: 3 } }],
  },
  {
    name: 'repeat by count, and every/for/until with nested steps',
    lines: [
      '  - repeat: { count: 2, steps: [heartbeat] }',
      '  - repeat:',
      '      every: 10s',
      '      for: 1m',
      '      until: { vars.done: true, connector.status: Available }',
      '      steps:',
      '        - set: { done: true }',
    ],
    steps: [
      { type: 'repeat', line: 4, count: 2, steps: [{ type: 'heartbeat', line: 4 }] },
      { type: 'repeat', line: 5, everyMs: 10_000, forMs: 60_000, until: { 'vars.done': true, 'connector.status': 'Available' }, steps: [{ type: 'set', line: 10, values: { done: true } }] },
    ],
  },
  {
    name: 'forEach connector, over all and over a list',
    lines: [
      '  - forEach: connector',
      '    steps:',
      '      - statusNotification: { connector: "{{connector}}", status: Unavailable }',
      '  - forEach: connector',
      '    connectors: [2]',
      '    steps: [meterValues]',
    ],
    steps: [
      { type: 'forEach', line: 4, connectors: 'all', steps: [{ type: 'statusNotification', line: 6, connector: 'current', status: 'Unavailable', errorCode: 'NoError' }] },
      { type: 'forEach', line: 7, connectors: [2], steps: [{ type: 'meterValues', line: 9, connector: 'current', context: 'Sample.Periodic' }] },
    ],
  },
  {
    name: 'parallel with named branches',
    lines: ['  - parallel:', '      beats: [heartbeat]', '      session:', '        - wait: 1s'],
    steps: [{ type: 'parallel', line: 4, branches: [{ name: 'beats', steps: [{ type: 'heartbeat', line: 5 }] }, { name: 'session', steps: [{ type: 'wait', line: 7, ms: 1000 }] }] }],
  },
  { name: 'disconnect and reconnect', lines: ['  - reconnect', '  - disconnect: {}'], steps: [{ type: 'reconnect', line: 4 }, { type: 'disconnect', line: 5 }] },
  {
    name: 'startTransaction, meterValues and stopTransaction through the protocol profile',
    lines: ['  - startTransaction: { connector: 2, idTag: "{{random.idTag}}" }', '  - meterValues: { connector: 2, context: Sample.Clock }', '  - stopTransaction: { reason: Remote }'],
    steps: [
      { type: 'startTransaction', line: 4, connector: 2, idTag: '{{random.idTag}}' },
      { type: 'meterValues', line: 5, connector: 2, context: 'Sample.Clock' },
      { type: 'stopTransaction', line: 6, connector: 'current', reason: 'Remote' },
    ],
  },
];

for (const { name, lines, steps } of GOOD) {
  test(`a scenario step list with ${name} parses into those steps`, () => {
    assert.deepEqual(stepsOf(...lines), steps);
  });
}

const BAD: Array<{ name: string; lines: string[]; line: number; at: string; says: RegExp }> = [
  { name: 'invalid YAML', lines: ['  - wait: { duration: [5s }'], line: 4, at: '}', says: /invalid YAML/ },
  { name: 'an unknown step', lines: ['  - boot', '  - fly: {}'], line: 5, at: 'fly', says: /unknown step type 'fly'/ },
  { name: 'an unknown step written as a word', lines: ['  - hover'], line: 4, at: 'hover', says: /unknown step type 'hover'/ },
  { name: 'an option a step does not have', lines: ['  - heartbeat: { every: 5s }'], line: 4, at: 'every', says: /step 'heartbeat' has no option 'every'/ },
  { name: 'an option beside the step instead of under it', lines: ['  - call:', '    action: Heartbeat'], line: 5, at: 'action', says: /'action' stands beside 'call'/ },
  { name: 'an unknown OCPP action in a call', lines: ['  - call: { action: FlyToTheMoon }'], line: 4, at: 'FlyToTheMoon', says: /unknown OCPP action 'FlyToTheMoon' for ocpp1\.6/ },
  { name: 'an unknown OCPP action in an await', lines: ['  - await: RemoteLaunch'], line: 4, at: 'RemoteLaunch', says: /unknown OCPP action 'RemoteLaunch'/ },
  { name: 'an unknown OCPP action in a respond', lines: ['  - respond: { action: Teleport }'], line: 4, at: 'Teleport', says: /unknown OCPP action 'Teleport'/ },
  { name: 'a payload field of the wrong type', lines: ['  - call:', '      action: Authorize', '      payload: { idTag: 42 }'], line: 6, at: '42', says: /call Authorize: payload \/idTag must be string/ },
  { name: 'a payload field the schema does not have', lines: ['  - call: { action: Heartbeat, payload: { beat: 1 } }'], line: 4, at: 'beat:', says: /additional properties \('beat'\)/ },
  { name: 'a payload missing a required field', lines: ['  - call: { action: Authorize }'], line: 4, at: '{ action', says: /must have required property 'idTag'/ },
  {
    name: 'a template whose sample breaks the schema (a charge point id where an integer is wanted)',
    lines: ['  - call: { action: MeterValues, payload: { connectorId: "{{cp.id}}", meterValue: [] } }'], line: 4, at: '"{{cp.id}}"', says: /connectorId must be integer/,
  },
  { name: 'a respond payload that breaks the answer schema', lines: ['  - respond: { action: Reset, payload: { status: Maybe } }'], line: 4, at: 'Maybe', says: /response \/status must be equal to one of the allowed values \(Accepted, Rejected\)/ },
  { name: 'a duration that is not one', lines: ['  - wait: { duration: soon }'], line: 4, at: 'soon', says: /wait\.duration must be a duration/ },
  { name: 'a random wait whose min is above its max', lines: ['  - wait: { min: 5s, max: 1s }'], line: 4, at: '5s', says: /wait\.min must not be longer than wait\.max/ },
  { name: 'a bad await timeout', lines: ['  - await: { action: Reset, timeout: 1x }'], line: 4, at: '1x', says: /await\.timeout must be a duration/ },
  { name: 'a bad repeat interval', lines: ['  - repeat: { every: often, steps: [heartbeat] }'], line: 4, at: 'often', says: /repeat\.every must be a duration/ },
  { name: 'a variable used before any save defines it', lines: ['  - call: { action: Authorize, payload: { idTag: "{{vars.tag}}" } }', '  - set: { tag: T1 }'], line: 4, at: '"{{vars.tag}}"', says: /undefined variable 'tag'/ },
  {
    name: 'a variable saved only in a sibling parallel branch',
    lines: ['  - parallel:', '      a: [ { set: { x: 1 } } ]', '      b: [ { call: { action: Authorize, payload: { idTag: "{{vars.x}}" } } } ]'], line: 6, at: '"{{vars.x}}"', says: /undefined variable 'x'/,
  },
  { name: 'an until on a variable nothing saves', lines: ['  - repeat: { until: { vars.ready: true }, steps: [heartbeat] }'], line: 4, at: 'vars.ready', says: /undefined variable 'ready'/ },
  { name: 'an unknown template', lines: ['  - set: { x: "{{weather}}" }'], line: 4, at: '"{{weather}}"', says: /unknown template \{\{weather\}\}/ },
  { name: 'an unbalanced template', lines: ['  - set: { x: "{{now" }'], line: 4, at: '"{{now"', says: /unbalanced/ },
  { name: 'random.int with its bounds the wrong way round', lines: ['  - set: { x: "{{random.int 9 1}}" }'], line: 4, at: '"{{', says: /MIN must not be above MAX/ },
  { name: 'an expect that is not a mapping', lines: ['  - call: { action: Heartbeat, expect: [currentTime] }'], line: 4, at: '[currentTime]', says: /call\.expect must be a mapping of field paths/ },
  { name: 'an expect on a field the answer does not have', lines: ['  - call:', '      action: Heartbeat', '      expect: { curentTime: x }'], line: 6, at: 'curentTime', says: /call\.expect: the message has no field 'curentTime'/ },
  { name: 'an expect with an empty mapping for a field', lines: ['  - call: { action: Heartbeat, expect: { currentTime: {} } }'], line: 4, at: '{} }', says: /'currentTime' has an empty mapping/ },
  { name: 'an expect path that is not a path', lines: ['  - call: { action: Heartbeat, expect: { "current time": x } }'], line: 4, at: '"current time"', says: /'current time' is not a field path/ },
  { name: 'a match on a field the request does not have', lines: ['  - await: { action: Reset, match: { kind: Hard } }'], line: 4, at: 'kind', says: /await\.match: the message has no field 'kind'/ },
  { name: 'a save from a field the answer does not have', lines: ['  - call: { action: Heartbeat, save: { t: time } }'], line: 4, at: 'time', says: /call\.save\.t: the message has no field 'time'/ },
  { name: 'a save into a bad variable name', lines: ['  - call: { action: Heartbeat, save: { 9t: currentTime } }'], line: 4, at: '9t', says: /'9t' is not a variable name/ },
  { name: 'an until on something conditions cannot see', lines: ['  - repeat: { until: { weather: sunny }, steps: [heartbeat] }'], line: 4, at: 'weather', says: /'weather' is not something a condition can look at/ },
  { name: 'a repeat with no bound', lines: ['  - repeat:', '      steps: [heartbeat]'], line: 4, at: 'repeat', says: /repeat needs 'count', 'every', 'for' or 'until'/ },
  { name: 'a repeat without steps', lines: ['  - repeat: { count: 2 }'], line: 4, at: 'repeat', says: /repeat needs 'steps'/ },
  { name: 'a repeat count of zero', lines: ['  - repeat: { count: 0, steps: [heartbeat] }'], line: 4, at: '0', says: /repeat\.count must be a whole number from 1/ },
  { name: 'a forEach over something else than connectors', lines: ['  - forEach: evse', '    steps: [heartbeat]'], line: 4, at: 'evse', says: /forEach can only go over 'connector'/ },
  { name: 'a forEach over a connector the charge point lacks', lines: ['  - forEach: connector', '    connectors: [1, 3]', '    steps: [heartbeat]'], line: 5, at: '[1, 3]', says: /forEach\.connectors must be 'all' or a list of distinct connectors 1\.\.2/ },
  { name: 'a parallel branch that is not a list', lines: ['  - parallel: { a: heartbeat }'], line: 4, at: 'heartbeat', says: /parallel branch 'a' must be a non-empty list/ },
  { name: 'a disconnect inside parallel', lines: ['  - parallel:', '      a: [disconnect]'], line: 5, at: 'disconnect', says: /'disconnect' cannot stand inside 'parallel'/ },
  { name: 'a connector the charge point lacks', lines: ['  - statusNotification: { connector: 3 }'], line: 4, at: '3', says: /statusNotification\.connector must be 'all', 0\.\.2/ },
  { name: 'a connector status 1.6 does not have', lines: ['  - statusNotification: { status: Sleeping }'], line: 4, at: 'Sleeping', says: /statusNotification\.status must be one of/ },
  { name: 'an onFail that is neither continue nor stop', lines: ['  - call: { action: Heartbeat, onFail: retry }'], line: 4, at: 'retry', says: /onFail must be 'continue' or 'stop'/ },
  { name: 'a call.transaction that is neither start nor stop', lines: ['  - call: { action: Heartbeat, transaction: begin }'], line: 4, at: 'begin', says: /call\.transaction must be 'start' or 'stop'/ },
  { name: 'a stop reason 1.6 does not have', lines: ['  - stopTransaction: { reason: Bored }'], line: 4, at: 'Bored', says: /stopTransaction\.reason must be one of/ },
  { name: 'two step types in one item', lines: ['  - boot: {}', '    heartbeat: {}'], line: 5, at: 'heartbeat', says: /one step per list item/ },
];

for (const { name, lines, line, at, says } of BAD) {
  const text = yaml(...HEAD, ...lines);
  const column = (text.split('\n')[line - 1] as string).indexOf(at) + 1;
  test(`a scenario with ${name} is refused at ${line}:${column}`, () => {
    assert.ok(column > 0, `'${at}' is not on line ${line}`);
    const { scenario, problems } = checkScenario(text, FILE);
    assert.equal(scenario, undefined);
    const first = problems[0];
    assert.ok(first, 'a problem is reported');
    assert.deepEqual({ line: first.line, column: first.column }, { line, column }, `position of: ${first.message}`);
    assert.match(first.message, says);
    assert.throws(() => parseScenario(text, FILE), (error: unknown) => {
      assert.ok(error instanceof ScenarioError);
      assert.equal(error.message, `${FILE}:${line}:${column}: ${first.message}`);
      assert.deepEqual([error.line, error.column], [line, column]);
      return true;
    });
  });
}

test('every problem of a file is reported, in file order, not only the first', () => {
  const { problems } = checkScenario(yaml(
    'name: many',
    'colour: blue',
    'steps:',
    '  - fly',
    '  - wait: soon',
    '  - call: { action: Authorize, payload: { idTag: "{{vars.nope}}" } }',
    '  - call: { action: FlyToTheMoon }',
  ), FILE);
  assert.deepEqual(problems.map((p) => [p.line, p.column]), [[2, 1], [4, 5], [5, 11], [6, 50], [7, 21]]);
  assert.deepEqual(problems.map((p) => p.file), Array(5).fill(FILE));
  assert.match(problems.map((p) => p.message).join('\n'), /unknown key 'colour'[\s\S]*unknown step type 'fly'[\s\S]*duration[\s\S]*undefined variable 'nope'[\s\S]*FlyToTheMoon/);
});

test('a JSON scenario is read like YAML, with lines and columns', () => {
  const text = '{\n  "name": "json",\n  "steps": [\n    "boot",\n    { "wait": "later" }\n  ]\n}\n';
  const { problems } = checkScenario(text, 'x.json');
  assert.deepEqual(problems.map((p) => [p.line, p.column, p.message]), [[5, 15, `wait must be a duration such as '5s', '500ms' or '1m30s' (got "later")`]]);
  assert.deepEqual(parseScenario(text.replace('"later"', '"2s"'), 'x.json').steps, [{ type: 'boot', line: 4 }, { type: 'wait', line: 5, ms: 2000 }]);
});

test('variables saved by a call, an await, a set or inside a repeat are known to the steps after them', () => {
  const { problems } = checkScenario(yaml(...HEAD,
    '  - call: { action: Heartbeat, save: { t: currentTime } }',
    '  - await: { action: RemoteStartTransaction, save: { tag: idTag } }',
    '  - repeat: { count: 1, steps: [ { set: { inner: 1 } } ] }',
    '  - set: { all: "{{vars.t}} {{vars.tag}} {{vars.inner}}" }',
  ), FILE);
  assert.deepEqual(problems, []);
});

test('the protocol option overrides the file: a 1.6 payload checked as another version is refused there', () => {
  const text = yaml('name: p', 'protocol: ocpp1.6', 'steps:', '  - call: { action: Authorize, payload: { idTag: T1 } }');
  assert.equal(checkScenario(text, FILE).problems.length, 0);
  const as201 = checkScenario(text, FILE, { protocol: 'ocpp2.0.1' }).problems;
  assert.ok(as201.length > 0, 'Authorize of 2.0.1 has no idTag');
  assert.equal(as201[0]?.line, 4);
});
