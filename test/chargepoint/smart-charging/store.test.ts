import { test } from 'node:test';
import assert from 'node:assert/strict';
import { clearProfiles, dropEndedTxProfiles, installProfile } from '../../../src/chargepoint/smart-charging/store.js';
import type { Installed } from '../../../src/chargepoint/smart-charging/types.js';
import { HOUR, T0, on, profile } from './fixtures.js';

const ids = (installed: readonly Installed[]): number[] => installed.map((entry) => entry.profile.id).sort();
const V16 = { sameLevelReplaces: true, maxProfiles: 3 };
const V201 = { sameLevelReplaces: false, maxProfiles: 3 };

test('installing: same id replaces; same purpose and level replaces in 1.6 and clashes in 2.0.1 when validity overlaps', () => {
  const base = [on(1, profile({ id: 1, stackLevel: 1 }))];
  const cases: Array<[string, Installed, typeof V16, number[] | string]> = [
    ['a new id adds', on(1, profile({ id: 2, stackLevel: 2 })), V16, [1, 2]],
    ['the same id replaces, even on another connector', on(2, profile({ id: 1, stackLevel: 3 })), V201, [1]],
    ['1.6: same purpose and level on the connector replaces', on(1, profile({ id: 2, stackLevel: 1 })), V16, [2]],
    ['1.6: same level on another connector adds', on(2, profile({ id: 2, stackLevel: 1 })), V16, [1, 2]],
    ['1.6: same level, another purpose adds', on(1, profile({ id: 2, stackLevel: 1, purpose: 'Tx' }), 7), V16, [1, 2]],
    ['2.0.1: same purpose and level clashes (K01.FR.06)', on(1, profile({ id: 2, stackLevel: 1 })), V201, 'DuplicateProfile'],
    ['2.0.1: no clash when validity does not overlap', on(1, profile({ id: 2, stackLevel: 1, validFrom: T0 + HOUR })), V201, [1, 2]],
  ];
  for (const [name, entry, options, expected] of cases) {
    const base2 = name.includes('validity') ? [on(1, profile({ id: 1, stackLevel: 1, validTo: T0 + HOUR }))] : base;
    const outcome = installProfile(base2, entry, options);
    assert.deepEqual('refused' in outcome ? outcome.refused.reasonCode : ids(outcome.installed), expected, name);
  }
  const full = [on(1, profile({ id: 1, stackLevel: 1 })), on(1, profile({ id: 2, stackLevel: 2 })), on(1, profile({ id: 3, stackLevel: 3 }))];
  const refused = installProfile(full, on(1, profile({ id: 4, stackLevel: 4 })), V16);
  assert.equal('refused' in refused && refused.refused.reasonCode, 'NoSpace');
  assert.ok('installed' in installProfile(full, on(1, profile({ id: 3, stackLevel: 5 })), V16), 'replacing never needs room');
});

test('clearing by id or by every criterion given; TxProfiles end with their transaction', () => {
  const installed = [
    on(0, profile({ id: 1, purpose: 'StationMax', stackLevel: 0 })),
    on(1, profile({ id: 2, purpose: 'TxDefault', stackLevel: 1 })),
    on(1, profile({ id: 3, purpose: 'Tx', stackLevel: 1 }), 7),
    on(2, profile({ id: 4, purpose: 'TxDefault', stackLevel: 1 })),
  ];
  const cases: Array<[string, Parameters<typeof clearProfiles>[1], number[]]> = [
    ['by id', { id: 3 }, [1, 2, 4]],
    ['an unknown id', { id: 9 }, [1, 2, 3, 4]],
    ['by connector', { connectorId: 1 }, [1, 4]],
    ['by purpose', { purpose: 'TxDefault' }, [1, 3]],
    ['by stack level and connector', { stackLevel: 1, connectorId: 2 }, [1, 2, 3]],
    ['everything', {}, []],
  ];
  for (const [name, criteria, left] of cases) {
    const { installed: kept, cleared } = clearProfiles(installed, criteria);
    assert.deepEqual(ids(kept), left, name);
    assert.equal(cleared, 4 - left.length, name);
  }
  assert.deepEqual(ids(dropEndedTxProfiles(installed, (c) => (c === 1 ? 7 : undefined))), [1, 2, 3, 4]);
  assert.deepEqual(ids(dropEndedTxProfiles(installed, (c) => (c === 1 ? 8 : undefined))), [1, 2, 4]);
  assert.deepEqual(ids(dropEndedTxProfiles(installed, () => undefined)), [1, 2, 4]);
});
