import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { FleetContext } from '../../src/chargepoint/context.js';
import { perContext } from '../../src/chargepoint/per-context.js';

test('a value is made once per fleet context and key, and shared after', () => {
  const made: string[] = [];
  const valueOf = perContext((ctx: FleetContext, key: string) => {
    made.push(`${(ctx as unknown as { name: string }).name}/${key}`);
    return { key };
  });
  const [a, b] = [{ name: 'a' }, { name: 'b' }] as unknown as FleetContext[];
  const first = valueOf(a as FleetContext, 'ocpp1.6');
  assert.equal(valueOf(a as FleetContext, 'ocpp1.6'), first, 'the same object, not a copy');
  assert.notEqual(valueOf(a as FleetContext, 'ocpp2.0.1'), first);
  assert.notEqual(valueOf(b as FleetContext, 'ocpp1.6'), first);
  valueOf(b as FleetContext, 'ocpp1.6');
  assert.deepEqual(made, ['a/ocpp1.6', 'a/ocpp2.0.1', 'b/ocpp1.6']);
});
