import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mismatches } from '../../../src/chargepoint/scenario/conditions.js';
import { evaluate, type TemplateValues } from '../../../src/chargepoint/scenario/expressions.js';
import { createPrng, seedFor, seededRandom } from '../../../src/chargepoint/scenario/prng.js';
import { schemaOf } from '../../../src/chargepoint/scenario/schemas.js';
import { renderTree, TemplateError } from '../../../src/chargepoint/scenario/templates.js';
import { validatorFor } from '../../../src/protocol/validator.js';

// Templates are pure given what they read: a fixed charge point, connector, clock, meter and a
// PRNG seeded with a fixed seed. Same seed, same output; another seed, another output.

function values(seed: number, overrides: Partial<TemplateValues> = {}): TemplateValues {
  return {
    cpId: 'CP-007', cpIndex: 6, connector: 2, vars: { tag: 'TAG-1', txId: 42, nested: { a: 1 } }, prng: createPrng(seed),
    now: () => '2024-05-01T12:00:00.000Z', meterWh: (c) => 1000 * c + 234, transactionId: (c) => (c === 2 ? 42 : undefined),
    data: (c) => new Map([['vendor', 'Acme'], ['limit', '32'], ['empty', '']]).get(c), env: (n) => (n === 'SITE' ? 'north' : undefined),
    ...overrides,
  };
}

const render = (value: unknown, v: TemplateValues, action?: string): unknown =>
  renderTree(value, (expr) => evaluate(expr, v), action ? schemaOf('ocpp1.6', action, 'req') : undefined);

const TABLE: Array<{ template: string; out: unknown }> = [
  { template: '{{cp.id}}', out: 'CP-007' },
  { template: '{{ cp.index }}', out: 6 },
  { template: '{{connector}}', out: 2 },
  { template: '{{now}}', out: '2024-05-01T12:00:00.000Z' },
  { template: '{{vars.tag}}', out: 'TAG-1' },
  { template: '{{vars.txId}}', out: 42 },
  { template: '{{vars.nested}}', out: { a: 1 } },
  { template: '{{meter.wh}}', out: 2234 },
  { template: '{{meter.wh 1}}', out: 1234 },
  { template: '{{transaction.id}}', out: 42 },
  { template: 'tx {{transaction.id}} on {{connector}} of {{cp.id}}', out: 'tx 42 on 2 of CP-007' },
  { template: 'no template', out: 'no template' },
  { template: '{{data.vendor}}', out: 'Acme' },
  { template: '{{data.empty}}', out: '' },
  { template: '{{env.SITE}}-{{data.vendor}}-{{cp.id}}', out: 'north-Acme-CP-007' },
];

for (const { template, out } of TABLE) {
  test(`the template '${template}' renders ${JSON.stringify(out)}`, () => {
    assert.deepEqual(render(template, values(1)), out);
  });
}

test('a template alone takes the type its field wants: integers where the schema wants integers, strings where it wants strings', () => {
  const payload = {
    connectorId: '{{connector}}', transactionId: '{{vars.txId}}',
    meterValue: [{ timestamp: '{{now}}', sampledValue: [{ value: '{{meter.wh}}', unit: 'Wh' }] }],
  };
  const out = render(payload, values(1), 'MeterValues');
  assert.deepEqual(out, { connectorId: 2, transactionId: 42, meterValue: [{ timestamp: '2024-05-01T12:00:00.000Z', sampledValue: [{ value: '2234', unit: 'Wh' }] }] });
  validatorFor('ocpp1.6').validate('MeterValues', 'req', out as Record<string, unknown>);
  assert.deepEqual(render({ idTag: '{{cp.index}}' }, values(1), 'Authorize'), { idTag: '6' }, 'a number becomes a string where a string is wanted');
  assert.deepEqual(render({ connectorId: '{{data.limit}}', idTag: '{{data.limit}}' }, values(1), 'StartTransaction'), { connectorId: 32, idTag: '32' }, 'a data value (text) becomes an integer where an integer is wanted');
});

test('random templates from the same seed render the same payload, from another seed another one', () => {
  const payload = { idTag: '{{random.idTag}}', n: '{{random.int 1 100}}', id: '{{random.uuid}}', m: '{{random.int 1 1000000}}' };
  const a = render(payload, values(1234));
  assert.deepEqual(render(payload, values(1234)), a);
  const b = render(payload, values(1235));
  assert.notDeepEqual(b, a);
  const { idTag, n, id } = a as { idTag: string; n: number; id: string };
  assert.match(idTag, /^T[0-9A-Z]{9}$/);
  assert.ok(Number.isInteger(n) && n >= 1 && n <= 100, String(n));
  assert.match(id, /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
});

test('one PRNG draws a new value at each use, so two {{random.idTag}} in a message differ', () => {
  const out = render({ a: '{{random.idTag}}', b: '{{random.idTag}}' }, values(9)) as { a: string; b: string };
  assert.notEqual(out.a, out.b);
});

test('the PRNG: same seed same sequence, ints within their bounds, seeds per charge point distinct and stable', () => {
  const first = Array.from({ length: 5 }, seededRandom(42));
  assert.deepEqual(Array.from({ length: 5 }, seededRandom(42)), first);
  assert.notDeepEqual(Array.from({ length: 5 }, seededRandom(43)), first);
  assert.ok(first.every((x) => x >= 0 && x < 1));
  const prng = createPrng(7);
  const ints = Array.from({ length: 2000 }, () => prng.int(-3, 3));
  assert.deepEqual([...new Set(ints)].sort((x, y) => x - y), [-3, -2, -1, 0, 1, 2, 3], 'every value of the range, and no other');
  const seeds = Array.from({ length: 1000 }, (_, i) => seedFor(99, i));
  assert.equal(new Set(seeds).size, 1000, 'each index its own seed');
  assert.equal(seedFor(99, 5), seeds[5]);
  assert.notEqual(seedFor(100, 5), seeds[5]);
});

test('a variable not set or a connector without a transaction cannot render: TemplateError names it', () => {
  assert.throws(() => render('{{vars.missing}}', values(1)), (error: unknown) => error instanceof TemplateError && /'missing' is not set/.test(error.message));
  assert.throws(() => render('{{transaction.id 1}}', values(1)), (error: unknown) => error instanceof TemplateError && /no transaction runs on connector 1/.test(error.message));
  assert.throws(() => render('{{data.model}}', values(1)), (error: unknown) => error instanceof TemplateError && /no data row with column 'model'/.test(error.message));
  assert.throws(() => render('{{env.HOME_X}}', values(1)), (error: unknown) => error instanceof TemplateError && /HOME_X was not set/.test(error.message));
});

const CHECKS: Array<{ name: string; condition: Record<string, unknown>; actual: unknown; problems: string[] }> = [
  { name: 'an equal field', condition: { status: 'Accepted' }, actual: { status: 'Accepted' }, problems: [] },
  { name: 'a different field', condition: { status: 'Accepted' }, actual: { status: 'Rejected' }, problems: ['status: expected "Accepted", got "Rejected"'] },
  { name: 'a nested path', condition: { 'idTagInfo.status': 'Accepted' }, actual: { idTagInfo: { status: 'Blocked' } }, problems: ['idTagInfo.status: expected "Accepted", got "Blocked"'] },
  { name: 'an array index', condition: { 'meterValue.0.timestamp': 't' }, actual: { meterValue: [{ timestamp: 't' }] }, problems: [] },
  { name: 'a missing field', condition: { interval: 60 }, actual: {}, problems: ['interval: expected 60, got nothing'] },
  { name: 'null for an absent field', condition: { idTagInfo: null }, actual: {}, problems: [] },
  { name: 'a whole array', condition: { keys: ['a', 'b'] }, actual: { keys: ['a', 'b'] }, problems: [] },
  { name: 'a template value', condition: { transactionId: '{{vars.txId}}' }, actual: { transactionId: 42 }, problems: [] },
  { name: 'a number against a string', condition: { n: 1 }, actual: { n: '1' }, problems: ['n: expected 1, got "1"'] },
];

for (const { name, condition, actual, problems } of CHECKS) {
  test(`an expectation on ${name} reports ${problems.length ? 'what it got' : 'nothing'}`, () => {
    const v = values(1);
    assert.deepEqual(mismatches(condition, actual, (value) => render(value, v)), problems);
  });
}
