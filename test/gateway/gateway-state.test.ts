import assert from 'node:assert/strict';
import { test } from 'node:test';
import { GatewayState, MAX_REMEMBERED_BOOTS } from '../../src/gateway/gateway-state.js';
import type { BootStatus } from '../../src/gateway/options.js';

// The last boot answer per charge point id is peer input (any id of at most 48 characters): its
// memory is bounded, the oldest boot forgotten first; the boot counters stay exact.
const cases: Array<{ name: string; max: number; boots: Array<[string, BootStatus]>; remembered: Record<string, BootStatus | undefined>; size: number }> = [
  { name: 'under the bound every id is remembered', max: 3, boots: [['a', 'Accepted'], ['b', 'Pending']], remembered: { a: 'Accepted', b: 'Pending' }, size: 2 },
  { name: 'the latest answer of an id wins', max: 3, boots: [['a', 'Pending'], ['a', 'Rejected']], remembered: { a: 'Rejected' }, size: 1 },
  { name: 'past the bound the oldest boot is forgotten', max: 2, boots: [['a', 'Accepted'], ['b', 'Accepted'], ['c', 'Rejected']], remembered: { a: undefined, b: 'Accepted', c: 'Rejected' }, size: 2 },
  { name: 'booting again makes an id the newest', max: 2, boots: [['a', 'Accepted'], ['b', 'Accepted'], ['a', 'Pending'], ['c', 'Accepted']], remembered: { a: 'Pending', b: undefined, c: 'Accepted' }, size: 2 },
  { name: 'a bound of one keeps the last id only', max: 1, boots: [['a', 'Accepted'], ['b', 'Rejected']], remembered: { a: undefined, b: 'Rejected' }, size: 1 },
];

for (const c of cases) {
  test(`GatewayState: ${c.name}`, () => {
    const heard: BootStatus[] = [];
    const state = new GatewayState((status) => heard.push(status), c.max);
    for (const [id, status] of c.boots) state.recordBoot(id, status);
    for (const [id, status] of Object.entries(c.remembered)) assert.equal(state.lastBootOf(id), status, id);
    assert.equal(state.rememberedBoots, c.size);
    assert.deepEqual(heard, c.boots.map(([, status]) => status));
    const total = Object.values(state.snapshot(0).boots).reduce((a, b) => a + b, 0);
    assert.equal(total, c.boots.length, 'every answer is counted, remembered or not');
  });
}

test('GatewayState: 200,000 distinct ids keep the default bound of remembered boots', () => {
  const state = new GatewayState();
  for (let i = 0; i < 2 * MAX_REMEMBERED_BOOTS; i++) state.recordBoot(`id-${i}`, 'Accepted');
  assert.equal(state.rememberedBoots, MAX_REMEMBERED_BOOTS);
  assert.equal(state.lastBootOf('id-0'), undefined);
  assert.equal(state.lastBootOf(`id-${2 * MAX_REMEMBERED_BOOTS - 1}`), 'Accepted');
  assert.equal(state.snapshot(0).boots.Accepted, 2 * MAX_REMEMBERED_BOOTS);
});
