import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Scenario } from '../../../src/chargepoint/scenario/types.js';
import { startGateway, type Gateway } from '../../../src/gateway/server.js';
import type { Payload } from '../../../src/protocol/frame.js';
import type { OcppVersion } from '../../../src/protocol/versions.js';
import { Fleet } from '../../../src/runner/fleet.js';
import { csmsLog, type LoggedCall } from '../../helpers/csms-log.js';
import { defaultScenario, fleetOptions } from '../../helpers/fleet-options.js';
import { sleep, waitUntil } from '../../helpers/poll.js';

// The configuration keys (1.6) and device-model variables (2.0.1) of local authorization, read
// and changed by the real embedded gateway, and what they change: a remote start's tag
// authorized first (AuthorizeRemoteTxRequests / AuthCtrlr.AuthorizeRemoteStart) through the
// local list and the authorization cache, Authorize only when they do not settle it.

const CP = 'CP-001';
type Seen = LoggedCall[];

async function setUp(protocol: OcppVersion): Promise<{ gateway: Gateway; seen: Seen; close(): Promise<void> }> {
  const log = csmsLog();
  const seen = log.calls;
  const gateway = await startGateway({ port: 0, heartbeatIntervalSec: 60, idTags: ['KNOWN', 'LISTED'], onMessage: log.onMessage });
  const scenario: Scenario = { ...defaultScenario(), protocol };
  const fleet = new Fleet(fleetOptions(gateway.url, { scenario }));
  fleet.start();
  await waitUntil(() => fleet.snapshot().everBooted === 1 && seen.some((c) => c.action === 'StatusNotification'), 5000, 'the charge point to boot and report');
  return { gateway, seen, async close() { await fleet.stop(); await gateway.close(); } };
}

const tagOf = (c: Seen[number]): unknown => c.payload.idTag ?? (c.payload.idToken as Payload | undefined)?.idToken;
const tagsOf = (seen: Seen, action: string): unknown[] => seen.filter((c) => c.action === action).map(tagOf);
const startsOf = (seen: Seen): unknown[] => seen.filter((c) => c.action === 'StartTransaction' || (c.action === 'TransactionEvent' && c.payload.eventType === 'Started')).map(tagOf);

test('1.6: the local authorization keys are reported and changed; AuthorizeRemoteTxRequests authorizes a remote start through list, cache and Authorize', async () => {
  const { gateway, seen, close } = await setUp('ocpp1.6');
  try {
    const keys = ['AllowOfflineTxForUnknownId', 'AuthorizationCacheEnabled', 'AuthorizeRemoteTxRequests', 'LocalAuthListEnabled', 'LocalAuthListMaxLength',
      'LocalAuthorizeOffline', 'LocalPreAuthorize', 'SendLocalListMaxLength'];
    const got = await gateway.call(CP, 'GetConfiguration', { key: keys }) as { configurationKey: Array<{ key: string; readonly: boolean; value: string }>; unknownKey?: string[] };
    assert.deepEqual(got.configurationKey.map((k) => `${k.key}=${k.value}${k.readonly ? ' (R)' : ''}`), [
      'AllowOfflineTxForUnknownId=false', 'AuthorizationCacheEnabled=true', 'AuthorizeRemoteTxRequests=false', 'LocalAuthListEnabled=true',
      'LocalAuthListMaxLength=1000 (R)', 'LocalAuthorizeOffline=true', 'LocalPreAuthorize=false', 'SendLocalListMaxLength=100 (R)']);
    assert.deepEqual(got.unknownKey ?? [], []);
    assert.deepEqual(await gateway.call(CP, 'ChangeConfiguration', { key: 'LocalAuthListMaxLength', value: '5' }), { status: 'Rejected' });

    // Off (the default): a remote start goes straight to StartTransaction.
    assert.deepEqual(await gateway.call(CP, 'RemoteStartTransaction', { connectorId: 1, idTag: 'KNOWN' }), { status: 'Accepted' });
    await waitUntil(() => startsOf(seen).length === 1, 5000, 'StartTransaction KNOWN');
    assert.deepEqual(tagsOf(seen, 'Authorize'), []);

    // On: an unknown tag is asked for and starts nothing; a listed one starts without Authorize when pre-authorization is on.
    assert.deepEqual(await gateway.call(CP, 'ChangeConfiguration', { key: 'AuthorizeRemoteTxRequests', value: 'true' }), { status: 'Accepted' });
    assert.deepEqual(await gateway.call(CP, 'RemoteStartTransaction', { connectorId: 2, idTag: 'STRANGER' }), { status: 'Accepted' });
    await waitUntil(() => tagsOf(seen, 'Authorize').length === 1, 5000, 'Authorize STRANGER');
    assert.deepEqual(tagsOf(seen, 'Authorize'), ['STRANGER']);
    await sleep(500);
    assert.deepEqual(startsOf(seen), ['KNOWN'], 'an Invalid tag starts no transaction');
    assert.deepEqual(await gateway.call(CP, 'SendLocalList', { listVersion: 1, updateType: 'Full', localAuthorizationList: [{ idTag: 'LISTED', idTagInfo: { status: 'Accepted' } }] }), { status: 'Accepted' });
    assert.deepEqual(await gateway.call(CP, 'ChangeConfiguration', { key: 'LocalPreAuthorize', value: 'true' }), { status: 'Accepted' });
    assert.deepEqual(await gateway.call(CP, 'RemoteStartTransaction', { connectorId: 2, idTag: 'LISTED' }), { status: 'Accepted' });
    await waitUntil(() => startsOf(seen).length === 2, 5000, 'StartTransaction LISTED');
    assert.deepEqual(startsOf(seen), ['KNOWN', 'LISTED']);
    assert.deepEqual(tagsOf(seen, 'Authorize'), ['STRANGER'], 'the local list settled LISTED');
  } finally {
    await close();
  }
});

test('2.0.1: the AuthCtrlr, LocalAuthListCtrlr and AuthCacheCtrlr variables are reported; AuthorizeRemoteStart authorizes a remote start, the cache remembers the answer', async () => {
  const { gateway, seen, close } = await setUp('ocpp2.0.1');
  try {
    const names: Array<[string, string]> = [['AuthCtrlr', 'AuthorizeRemoteStart'], ['AuthCtrlr', 'LocalPreAuthorize'], ['AuthCtrlr', 'LocalAuthorizeOffline'],
      ['AuthCtrlr', 'OfflineTxForUnknownIdEnabled'], ['LocalAuthListCtrlr', 'Available'], ['LocalAuthListCtrlr', 'Enabled'], ['LocalAuthListCtrlr', 'Entries'],
      ['AuthCacheCtrlr', 'Available'], ['AuthCacheCtrlr', 'Enabled'], ['AuthCacheCtrlr', 'LifeTime']];
    const got = await gateway.call(CP, 'GetVariables', { getVariableData: names.map(([component, variable]) => ({ component: { name: component }, variable: { name: variable } })) }) as
      { getVariableResult: Array<{ attributeStatus: string; attributeValue?: string; component: { name: string }; variable: { name: string } }> };
    assert.deepEqual(got.getVariableResult.map((r) => `${r.component.name}.${r.variable.name}=${r.attributeStatus === 'Accepted' ? r.attributeValue : r.attributeStatus}`), [
      'AuthCtrlr.AuthorizeRemoteStart=false', 'AuthCtrlr.LocalPreAuthorize=false', 'AuthCtrlr.LocalAuthorizeOffline=true', 'AuthCtrlr.OfflineTxForUnknownIdEnabled=false',
      'LocalAuthListCtrlr.Available=true', 'LocalAuthListCtrlr.Enabled=true', 'LocalAuthListCtrlr.Entries=0', 'AuthCacheCtrlr.Available=true',
      'AuthCacheCtrlr.Enabled=true', 'AuthCacheCtrlr.LifeTime=86400']);
    const set = (component: string, variable: string, attributeValue: string): Promise<unknown> => gateway.call(CP, 'SetVariables', { setVariableData: [{ component: { name: component }, variable: { name: variable }, attributeValue }] })
      .then((answer) => (answer as { setVariableResult: Array<{ attributeStatus: string }> }).setVariableResult.map((r) => r.attributeStatus));
    assert.deepEqual(await set('AuthCtrlr', 'AuthorizeRemoteStart', 'true'), ['Accepted']);
    assert.deepEqual(await set('LocalAuthListCtrlr', 'Available', 'false'), ['Rejected']);

    const start = (idToken: string, remoteStartId: number, evseId: number): Promise<unknown> => gateway.call(CP, 'RequestStartTransaction', { idToken: { idToken, type: 'ISO14443' }, remoteStartId, evseId });
    assert.deepEqual(await start('STRANGER', 1, 1), { status: 'Accepted' });
    await waitUntil(() => tagsOf(seen, 'Authorize').length === 1, 5000, 'Authorize STRANGER');
    await sleep(500);
    assert.deepEqual(startsOf(seen), [], 'an Invalid token starts no transaction');
    assert.deepEqual(await start('KNOWN', 2, 1), { status: 'Accepted' });
    await waitUntil(() => startsOf(seen).length === 1, 5000, 'TransactionEvent Started KNOWN');
    assert.deepEqual(tagsOf(seen, 'Authorize'), ['STRANGER', 'KNOWN']);
    // The cache holds KNOWN's answer: with pre-authorization on, a second remote start sends no Authorize.
    assert.deepEqual(await set('AuthCtrlr', 'LocalPreAuthorize', 'true'), ['Accepted']);
    assert.deepEqual(await start('KNOWN', 3, 2), { status: 'Accepted' });
    await waitUntil(() => startsOf(seen).length === 2, 5000, 'TransactionEvent Started KNOWN on EVSE 2');
    assert.deepEqual(tagsOf(seen, 'Authorize'), ['STRANGER', 'KNOWN']);
  } finally {
    await close();
  }
});
