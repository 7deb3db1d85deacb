import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import AjvModule from 'ajv';
import { parse } from 'yaml';
import { SUPPORTED_VERSIONS } from '../../../src/protocol/versions.js';
import { repoRoot } from '../../helpers/repo-root.js';

// docs/scenario.schema.json describes the file format: every shipped scenario (and every step
// form of the docs) fits it, and the shapes the loader refuses for their form do not.

const Ajv = AjvModule.default ?? AjvModule;
const schema = JSON.parse(readFileSync(join(repoRoot(), 'docs', 'scenario.schema.json'), 'utf8')) as object;
const validate = new Ajv({ allErrors: true, strict: false }).compile(schema);

const fits = (doc: unknown): boolean => validate(doc) as boolean;

test('every shipped scenario fits docs/scenario.schema.json', () => {
  const dir = join(repoRoot(), 'scenarios');
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.yaml'))) {
    assert.ok(fits(parse(readFileSync(join(dir, file), 'utf8'))), `${file}: ${JSON.stringify(validate.errors?.slice(0, 3))}`);
  }
});

test('every step form of docs/scenarios.md fits the schema', () => {
  const steps = parse(`
- boot
- boot: {}
- statusNotification: { connector: all, status: Available }
- statusNotification: { connector: "{{connector}}", status: Unavailable }
- heartbeat
- wait: 5s
- wait: { duration: 1m30s }
- wait: { min: 1s, max: 5s }
- call: { action: Authorize, payload: { idTag: "{{vars.tag}}" }, expect: { idTagInfo.status: Accepted }, save: { x: idTagInfo.status }, connector: 1, transaction: start, onFail: stop }
- await: RemoteStartTransaction
- await: { action: RemoteStartTransaction, match: { connectorId: 1 }, timeout: 5m, save: { tag: idTag } }
- respond: { action: RemoteStartTransaction, payload: { status: Accepted } }
- set: { tag: "{{random.idTag}}" }
- repeat: { every: 10s, for: 1m, until: { vars.done: true }, count: 100, steps: [heartbeat] }
- forEach: connector
  connectors: [1, 2]
  steps: [meterValues]
- parallel: { a: [heartbeat], b: [ { wait: 1s } ] }
- reconnect
- disconnect
- startTransaction: { connector: 1, idTag: T1 }
- meterValues: { connector: 1, context: Sample.Clock }
- stopTransaction: { reason: Remote }
- periodicEventStream: { interval: 500ms, values: 5, duration: 6s, onFail: continue }
- offline: 20s
- offline: { for: 20s, steps: [startTransaction, meterValues, stopTransaction] }
`) as unknown[];
  for (const step of steps) assert.ok(fits({ steps: [step] }), `${JSON.stringify(step)}: ${JSON.stringify(validate.errors?.slice(0, 3))}`);
});

const BAD: Array<[string, unknown]> = [
  ['an unknown step', { steps: [{ fly: {} }] }],
  ['no steps', { name: 'x', steps: [] }],
  ['an unknown top-level key', { colour: 'blue', steps: ['boot'] }],
  ['a bad duration', { steps: [{ wait: 'soon' }] }],
  ['a repeat without a bound', { steps: [{ repeat: { steps: ['boot'] } }] }],
  ['a call without an action', { steps: [{ call: { payload: {} } }] }],
  ['an expect that is a list', { steps: [{ call: { action: 'Heartbeat', expect: ['x'] } }] }],
  ['an option beside a step', { steps: [{ call: { action: 'Heartbeat' }, onFail: 'stop' }] }],
  ['a forEach without steps', { steps: [{ forEach: 'connector' }] }],
  ['an onFail that is not one', { steps: [{ call: { action: 'Heartbeat', onFail: 'retry' } }] }],
  ['an offline step without how long', { steps: [{ offline: { steps: ['meterValues'] } }] }],
  ['an offline drop rule that is not one', { offline: { drop: 'random' }, steps: ['boot'] }],
];

for (const [name, doc] of BAD) {
  test(`a scenario with ${name} does not fit the schema`, () => {
    assert.equal(fits(doc), false);
  });
}

test('the schema offers exactly the protocol versions of the registry', () => {
  const protocol = (schema as { properties: { protocol: { enum: string[] } } }).properties.protocol;
  assert.deepEqual([...protocol.enum].sort(), [...SUPPORTED_VERSIONS].sort());
});
