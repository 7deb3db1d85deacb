import { test } from 'node:test';
import assert from 'node:assert/strict';
import { AUTH_CACHE_MAX, AuthCache, decideAuthorization, type AuthSettings } from '../../../src/chargepoint/local-auth/authorize.js';
import { LocalList, type ListEntry, type ListUpdate } from '../../../src/chargepoint/local-auth/local-list.js';

// The local authorization list's version rules (OCPP 1.6 §5.15 and §7.46, 2.0.1 D01) and the
// decision made before any Authorize (1.6 §3.5, 2.0.1 C12–C15), as tables.

const LIMITS = { perMessage: 3, total: 4 };
const ok = (idTag: string): ListEntry => ({ idTag, info: { status: 'Accepted' } });
const remove = (idTag: string): ListEntry => ({ idTag });

/** A list at version 5 holding A and B. */
function listAt5(): LocalList {
  const list = new LocalList();
  assert.equal(list.apply({ version: 5, updateType: 'Full', entries: [ok('A'), ok('B')] }, LIMITS), 'Accepted');
  return list;
}

const CASES: Array<{ name: string; update: ListUpdate; status: string; version: number; holds: string[] }> = [
  { name: 'Full replaces the list and takes its version', update: { version: 9, updateType: 'Full', entries: [ok('C')] }, status: 'Accepted', version: 9, holds: ['C'] },
  { name: 'Full with a lower version is still a replacement', update: { version: 2, updateType: 'Full', entries: [ok('C')] }, status: 'Accepted', version: 2, holds: ['C'] },
  { name: 'Full with no entries empties the list', update: { version: 6, updateType: 'Full', entries: [] }, status: 'Accepted', version: 6, holds: [] },
  { name: 'Full entry without info', update: { version: 6, updateType: 'Full', entries: [remove('C')] }, status: 'Failed', version: 5, holds: ['A', 'B'] },
  { name: 'Differential adds, replaces and removes', update: { version: 6, updateType: 'Differential', entries: [ok('C'), remove('A'), { idTag: 'b', info: { status: 'Blocked' } }] }, status: 'Accepted', version: 6, holds: ['B', 'C'] },
  { name: 'Differential with the same version', update: { version: 5, updateType: 'Differential', entries: [ok('C')] }, status: 'VersionMismatch', version: 5, holds: ['A', 'B'] },
  { name: 'Differential with a lower version', update: { version: 4, updateType: 'Differential', entries: [ok('C')] }, status: 'VersionMismatch', version: 5, holds: ['A', 'B'] },
  { name: 'empty Differential keeps the entries, takes the version', update: { version: 7, updateType: 'Differential', entries: [] }, status: 'Accepted', version: 7, holds: ['A', 'B'] },
  { name: 'the same tag twice (case-insensitive)', update: { version: 6, updateType: 'Differential', entries: [ok('C'), ok('c')] }, status: 'Failed', version: 5, holds: ['A', 'B'] },
  { name: 'more entries than one message takes', update: { version: 6, updateType: 'Differential', entries: [ok('C'), ok('D'), ok('E'), ok('F')] }, status: 'Failed', version: 5, holds: ['A', 'B'] },
  { name: 'a result beyond the list size', update: { version: 6, updateType: 'Differential', entries: [ok('C'), ok('D'), ok('E')] }, status: 'Failed', version: 5, holds: ['A', 'B'] },
  { name: 'version 0 (GetLocalListVersion\'s "no list")', update: { version: 0, updateType: 'Full', entries: [ok('C')] }, status: 'Failed', version: 5, holds: ['A', 'B'] },
];

for (const c of CASES) {
  test(`SendLocalList: ${c.name} → ${c.status}`, () => {
    const list = listAt5();
    assert.equal(list.apply(c.update, LIMITS), c.status);
    assert.equal(list.version, c.version);
    assert.deepEqual(['A', 'B', 'C', 'D', 'E'].filter((id) => list.lookup(id) !== undefined), c.holds);
  });
}

const ON: AuthSettings = { listEnabled: true, cacheEnabled: true, preAuthorize: true, authorizeOffline: true, offlineUnknown: false, authorizeRemoteStart: false };
const NOW = Date.parse('2030-01-01T00:00:00Z');

test('authorization before Authorize: list first, then cache; pre-authorization online, offline authorization offline', () => {
  const list = new LocalList();
  list.apply({ version: 1, updateType: 'Full', entries: [ok('LISTED'), { idTag: 'BLOCKED', info: { status: 'Blocked' } }, { idTag: 'OLD', info: { status: 'Accepted', expiresAt: NOW - 1 } }] }, { perMessage: 10, total: 10 });
  const cache = new AuthCache();
  cache.store('CACHED', { status: 'Accepted' }, NOW);
  cache.store('BLOCKED', { status: 'Accepted' }, NOW);
  const table: Array<[string, boolean, Partial<AuthSettings>, string]> = [
    ['LISTED', true, {}, 'local'],
    ['LISTED', true, { preAuthorize: false }, 'ask'],
    ['LISTED', true, { listEnabled: false }, 'ask'],
    ['CACHED', true, {}, 'local'],
    ['CACHED', true, { cacheEnabled: false }, 'ask'],
    ['BLOCKED', true, {}, 'ask'],
    ['OLD', true, {}, 'ask'],
    ['UNKNOWN', true, {}, 'ask'],
    ['LISTED', false, {}, 'local'],
    ['LISTED', false, { authorizeOffline: false }, 'refuse'],
    ['CACHED', false, {}, 'local'],
    ['BLOCKED', false, {}, 'refuse'],
    ['OLD', false, {}, 'refuse'],
    ['UNKNOWN', false, {}, 'refuse'],
    // AllowOfflineTxForUnknownId / OfflineTxForUnknownIdEnabled: only tags neither list nor cache holds.
    ['UNKNOWN', false, { offlineUnknown: true }, 'local'],
    ['UNKNOWN', true, { offlineUnknown: true }, 'ask'],
    ['BLOCKED', false, { offlineUnknown: true }, 'refuse'],
    ['OLD', false, { offlineUnknown: true }, 'refuse'],
    ['LISTED', false, { offlineUnknown: true, authorizeOffline: false }, 'refuse'],
    ['UNKNOWN', false, { offlineUnknown: true, listEnabled: false, cacheEnabled: false }, 'local'],
  ];
  for (const [idTag, online, change, kind] of table) {
    assert.equal(decideAuthorization(idTag, online, { ...ON, ...change }, list, cache, NOW).kind, kind, `${idTag} ${online ? 'online' : 'offline'} ${JSON.stringify(change)}`);
  }
  const old = decideAuthorization('OLD', false, ON, list, cache, NOW);
  assert.deepEqual(old, { kind: 'refuse', info: { status: 'Expired', expiresAt: NOW - 1 } });
});

test('the cache forgets entries past their lifetime and keeps at most AUTH_CACHE_MAX, dropping the oldest', () => {
  const cache = new AuthCache();
  cache.store('A', { status: 'Accepted' }, 0);
  assert.equal(cache.lookup('a', 1000, 2000)?.status, 'Accepted');
  assert.equal(cache.lookup('A', 3000, 2000), undefined);
  for (let i = 0; i <= AUTH_CACHE_MAX; i++) cache.store(`T${i}`, { status: 'Accepted' }, 0);
  assert.equal(cache.size, AUTH_CACHE_MAX);
  assert.equal(cache.lookup('T0', 0), undefined);
  assert.equal(cache.lookup(`T${AUTH_CACHE_MAX}`, 0)?.status, 'Accepted');
});
