import { test } from 'node:test';
import assert from 'node:assert/strict';
import { REDACTED, isSecretName, redactFrame } from '../../src/gateway/redact.js';
import { loadVersions, schemasOf, SUPPORTED_VERSIONS } from '../../src/protocol/versions.js';

// Redaction by rule, over every action of both versions: a payload with every field of the
// official schema filled with a unique marker goes through redactFrame; a field whose name
// says secret must lose its marker, every other field must keep it.

type Schema = { $id?: string; $ref?: string; type?: string | string[]; properties?: Record<string, Schema>; items?: Schema; definitions?: Record<string, Schema> };

// The 2.1 schemas are an ES module: loaded before anything asks for them, as run, gateway and loader do.
await loadVersions(['ocpp2.1']);

// Independent of the rule under test: the words the issue names, as the end of a field name.
const SECRET = /(password|passwd|passphrase|secret|private\w*|token|key|pin)$/i;
// Documented exceptions: public by meaning (2.0.1 SignedMeterValue publicKey), or 1.6 configuration key names.
const PUBLIC = new Set(['publicKey', 'unknownKey']);

interface Leaf { marker: string; name: string; parentKeys: readonly string[]; inArray: boolean }

/** A payload with every property of `schema` present (arrays of one), each text leaf a unique marker. */
function fill(schema: Schema, root: Schema, leaves: Leaf[], name: string, parentKeys: readonly string[], inArray: boolean, depth: number): unknown {
  if (schema.$ref) return fill(root.definitions?.[schema.$ref.replace('#/definitions/', '')] as Schema, root, leaves, name, parentKeys, inArray, depth);
  if (depth > 12) return null;
  if (schema.type === 'object' || schema.properties) {
    const keys = Object.keys(schema.properties ?? {});
    return Object.fromEntries(keys.map((key) => [key, fill((schema.properties as Record<string, Schema>)[key] as Schema, root, leaves, key, keys, false, depth + 1)]));
  }
  if (schema.type === 'array') return [fill(schema.items ?? {}, root, leaves, name, parentKeys, true, depth + 1)];
  const marker = `M${leaves.length}`;
  leaves.push({ marker, name, parentKeys, inArray });
  return marker;
}

function mustHide(leaf: Leaf): boolean {
  if (PUBLIC.has(leaf.name) || !SECRET.test(leaf.name)) return false;
  // 1.6 KeyValue / ChangeConfiguration `key` names a setting; GetConfiguration.req's `key` lists names.
  if (leaf.name === 'key' && (leaf.parentKeys.includes('value') || leaf.parentKeys.includes('readonly') || leaf.inArray)) return false;
  return true;
}

for (const version of SUPPORTED_VERSIONS) {
  test(`${version}: every field named like a secret is redacted in every action's request and response, every other field is kept`, () => {
    let hidden = 0;
    let kept = 0;
    for (const [key, schema] of schemasOf(version)) {
      const leaves: Leaf[] = [];
      const payload = fill(schema as Schema, schema as Schema, leaves, '', [], false, 0);
      const action = key.replace(/\.(req|conf)$/, '');
      const logged = redactFrame(JSON.stringify([2, 'id', action, payload]));
      for (const leaf of leaves) {
        const shown = logged.includes(`"${leaf.marker}"`);
        assert.equal(shown, !mustHide(leaf), `${key}: field ${leaf.name} ${shown ? 'shown' : 'hidden'} in ${logged}`);
        if (shown) kept++;
        else hidden++;
      }
    }
    // 1.6 names no field a secret (its AuthorizationKey is a setting's value, tested below).
    assert.ok(kept > hidden && (version === 'ocpp1.6' || hidden > 10), `${hidden} hidden, ${kept} kept`);
  });
}

test('the named secrets: SetNetworkProfile vpn.key and password, apnPassword, simPin; settings AuthorizationKey and BasicAuthPassword', () => {
  const vpn = JSON.parse(redactFrame(JSON.stringify([2, '1', 'SetNetworkProfile', { configurationSlot: 1, connectionData: {
    ocppVersion: 'OCPP20', ocppTransport: 'JSON', ocppCsmsUrl: 'wss://csms', messageTimeout: 30, securityProfile: 2, ocppInterface: 'Wired0',
    vpn: { server: 'vpn.example', user: 'u', password: 'vpn-pass', key: 'vpn-key', type: 'IPSec' },
    apn: { apn: 'internet', apnUserName: 'apn-user', apnPassword: 'apn-pass', simPin: 1234, apnAuthentication: 'AUTO' },
  } }]))) as [number, string, string, { connectionData: { vpn: Record<string, unknown>; apn: Record<string, unknown> } }];
  const { vpn: v, apn } = vpn[3].connectionData;
  assert.deepEqual([v.key, v.password, v.user, v.server], [REDACTED, REDACTED, 'u', 'vpn.example']);
  assert.deepEqual([apn.apnPassword, apn.simPin, apn.apnUserName], [REDACTED, REDACTED, 'apn-user']);
  assert.equal(redactFrame('[2,"1","ChangeConfiguration",{"key":"AuthorizationKey","value":"00112233"}]'),
    `[2,"1","ChangeConfiguration",{"key":"AuthorizationKey","value":"${REDACTED}"}]`);
  assert.equal(redactFrame('[3,"1",{"configurationKey":[{"key":"HeartbeatInterval","readonly":false,"value":"60"}],"unknownKey":["Foo"]}]'),
    '[3,"1",{"configurationKey":[{"key":"HeartbeatInterval","readonly":false,"value":"60"}],"unknownKey":["Foo"]}]');
  assert.equal(redactFrame('[2,"1","GetConfiguration",{"key":["AuthorizationKey"]}]'), '[2,"1","GetConfiguration",{"key":["AuthorizationKey"]}]');
  assert.equal(redactFrame('[2,"1","SetVariables",{"setVariableData":[{"variable":{"name":"BasicAuthPassword"},"attributeValue":"p","component":{"name":"SecurityCtrlr"}}]}]'),
    `[2,"1","SetVariables",{"setVariableData":[{"variable":{"name":"BasicAuthPassword"},"attributeValue":"${REDACTED}","component":{"name":"SecurityCtrlr"}}]}]`);
  assert.match(redactFrame('[2,"1","NotifyReport",{"reportData":[{"variable":{"name":"BasicAuthPassword"},"variableAttribute":[{"value":"p"}]}]}]'), /"variableAttribute":\[\{"value":"\[redacted\]"\}\]/);
  assert.equal(redactFrame('[2,"1","Authorize",{"idToken":{"idToken":"04A2B3C4","type":"ISO14443"}}]'), `[2,"1","Authorize",{"idToken":{"idToken":"${REDACTED}","type":"ISO14443"}}]`);
  assert.equal(redactFrame('password=hunter2'), '<16 characters, not JSON>');
});

test('isSecretName splits camelCase, snake_case and kebab-case names and judges the words', () => {
  const table: Array<[string, boolean]> = [
    ['password', true], ['apnPassword', true], ['basic_auth_password', true], ['client-secret', true], ['secretValue', true], ['privateKey', true],
    ['private_key_pem', true], ['PASSPHRASE', true], ['AuthorizationKey', true], ['idToken', true], ['simPin', true], ['key', true],
    ['publicKey', false], ['issuerKeyHash', false], ['keyword', false], ['tokenType', false], ['apnUserName', false], ['pinned', false], ['spin', false],
  ];
  for (const [name, secret] of table) assert.equal(isSecretName(name), secret, name);
});
