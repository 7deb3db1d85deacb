import assert from 'node:assert/strict';
import { MAX_FRAME_DEPTH } from '../../src/protocol/json-depth.js';
import type { OcppVersion } from '../../src/protocol/versions.js';

/** How a bad frame goes over the wire: a text frame, a binary frame, or a text frame whose bytes are not UTF-8. */
export type Wire = { text: string } | { binary: Buffer } | { invalidUtf8: Buffer };

/**
 * What the receiver does with it: a CALLERROR with `code` echoing `id` ("-1" when the id could not
 * be read, OCPP-J 2.0.1 §4.2.3), `none` (logged, counted, dropped: brief §2.5), or closing the
 * WebSocket with `close` (a frame the WebSocket layer itself refuses: RFC 6455 §7.4.1).
 */
export type Expected = { id: string; code: string } | 'none' | { close: number };

/** One malformed input and what each version's receiver must do with it. */
export interface BadFrame {
  name: string;
  wire: Wire;
  expect: Record<OcppVersion, Expected>;
  /** The WebSocket is closed by it: not repeated in the memory test. */
  closes?: boolean;
}

const text = (value: string): Wire => ({ text: value });
const both = (expected: Expected): Record<OcppVersion, Expected> => ({ 'ocpp1.6': expected, 'ocpp2.0.1': expected, 'ocpp2.1': expected });
/** Not a valid RPC frame at all: 1.6 FormationViolation, 2.0.1 and 2.1 RpcFrameworkError, id "-1" (error-policy.ts). */
const unreadable = (): Record<OcppVersion, Expected> => ({
  'ocpp1.6': { id: '-1', code: 'FormationViolation' }, 'ocpp2.0.1': { id: '-1', code: 'RpcFrameworkError' }, 'ocpp2.1': { id: '-1', code: 'RpcFrameworkError' },
});
/** A CALL whose shape is wrong but whose id is readable: FormationViolation / FormatViolation with that id. */
const badCall = (id: string): Record<OcppVersion, Expected> => ({
  'ocpp1.6': { id, code: 'FormationViolation' }, 'ocpp2.0.1': { id, code: 'FormatViolation' }, 'ocpp2.1': { id, code: 'FormatViolation' },
});
/** Unknown message type: ignored on 1.6 (OCPP-J 1.6 §4.1.3), MessageTypeNotSupported on 2.0.1 and 2.1 (§4.4). */
const unknownType = (id: string): Record<OcppVersion, Expected> => ({
  'ocpp1.6': 'none', 'ocpp2.0.1': { id, code: 'MessageTypeNotSupported' }, 'ocpp2.1': { id, code: 'MessageTypeNotSupported' },
});

function nested(depth: number): string {
  return `${'{"a":['.repeat(depth)}1${']}'.repeat(depth)}`;
}

/**
 * Malformed frames that either peer may receive, whatever its role: broken JSON, broken RPC
 * framing, responses nobody asked for, frames the WebSocket layer refuses. `maxPayload` is the
 * receiver's limit in bytes.
 */
export function frameCorpus(maxPayload: number): BadFrame[] {
  return [
    { name: 'not JSON', wire: text('this is not json'), expect: unreadable() },
    { name: 'truncated JSON', wire: text('[2,"t1","Heartbeat",{'), expect: unreadable() },
    { name: 'an empty text frame', wire: text(''), expect: unreadable() },
    { name: 'a JSON object, not an array', wire: text('{"a":1}'), expect: unreadable() },
    { name: 'a JSON string', wire: text('"[2,\\"s1\\",\\"Heartbeat\\",{}]"'), expect: unreadable() },
    { name: 'a JSON number', wire: text('42'), expect: unreadable() },
    { name: 'JSON null', wire: text('null'), expect: unreadable() },
    { name: 'an empty array', wire: text('[]'), expect: unknownType('-1') },
    { name: 'message type 7', wire: text('[7,"m7","Heartbeat",{}]'), expect: unknownType('m7') },
    { name: 'message type as a string', wire: text('["2","m8","Heartbeat",{}]'), expect: unknownType('m8') },
    // In 2.1 a CALLRESULTERROR is a response: one to no CALLRESULT of ours is dropped like any response with an unknown id.
    { name: 'message type 5 (2.1 CALLRESULTERROR)', wire: text('[5,"m9","GenericError","",{}]'), expect: { ...unknownType('m9'), 'ocpp2.1': 'none' } },
    // 2.1's own types from a hostile peer: never answered on 2.1 (a SEND has no answer, a CALLRESULTERROR is a response), unknown types elsewhere.
    { name: 'a CALLRESULTERROR (2.1) with a code of 8,000 characters', wire: text(`[5,"m11","${'C'.repeat(8000)}","",{}]`), expect: { ...unknownType('m11'), 'ocpp2.1': 'none' } },
    { name: 'a CALLRESULTERROR (2.1) with a code named __proto__', wire: text('[5,"m12","__proto__","",{}]'), expect: { ...unknownType('m12'), 'ocpp2.1': 'none' } },
    { name: 'a CALLRESULTERROR (2.1) nested 7,000 deep', wire: text(`[5,"m13","GenericError","",{"a":${'['.repeat(7000)}${']'.repeat(7000)}}]`), expect: { ...unknownType('m13'), 'ocpp2.1': 'none' } },
    { name: 'a SEND (2.1) of an unknown action', wire: text('[6,"m14","FooBar",{}]'), expect: { ...unknownType('m14'), 'ocpp2.1': 'none' } },
    { name: 'a SEND (2.1) named toString', wire: text('[6,"m15","toString",{}]'), expect: { ...unknownType('m15'), 'ocpp2.1': 'none' } },
    { name: 'a SEND (2.1) of an action of 8,000 characters', wire: text(`[6,"m16","${'A'.repeat(8000)}",{}]`), expect: { ...unknownType('m16'), 'ocpp2.1': 'none' } },
    { name: 'a SEND (2.1) nested 7,000 deep', wire: text(`[6,"m17","NotifyPeriodicEventStream",{"a":${'['.repeat(7000)}${']'.repeat(7000)}}]`), expect: { ...unknownType('m17'), 'ocpp2.1': 'none' } },
    { name: 'a message id of 37 characters', wire: text(`[2,"${'x'.repeat(37)}","Heartbeat",{}]`), expect: unreadable() },
    { name: 'a numeric message id', wire: text('[2,5,"Heartbeat",{}]'), expect: unreadable() },
    { name: 'an empty message id', wire: text('[2,"","Heartbeat",{}]'), expect: unreadable() },
    { name: 'a CALL without action and payload', wire: text('[2,"c1"]'), expect: badCall('c1') },
    { name: 'a CALL without payload', wire: text('[2,"c2","Heartbeat"]'), expect: badCall('c2') },
    { name: 'a CALL with a string payload', wire: text('[2,"c3","Heartbeat","{}"]'), expect: badCall('c3') },
    { name: 'a CALL with an array payload', wire: text('[2,"c4","Heartbeat",[]]'), expect: badCall('c4') },
    { name: 'a CALL with a null payload', wire: text('[2,"c5","Heartbeat",null]'), expect: badCall('c5') },
    { name: 'a CALL with a numeric action', wire: text('[2,"c6",5,{}]'), expect: badCall('c6') },
    { name: 'a CALL with an extra element', wire: text('[2,"c7","Heartbeat",{},{}]'), expect: badCall('c7') },
    { name: 'an unknown action', wire: text('[2,"c8","FooBar",{}]'), expect: both({ id: 'c8', code: 'NotImplemented' }) },
    { name: 'an unknown action with nested junk 2,000 deep', wire: text(`[2,"c9","FooBar",${nested(2000)}]`), expect: badCall('c9') },
    { name: `a CALL whose payload nests ${MAX_FRAME_DEPTH} levels (the limit)`, wire: text(`[2,"c9a","FooBar",{"a":${nested((MAX_FRAME_DEPTH - 2) / 2)}}]`), expect: both({ id: 'c9a', code: 'NotImplemented' }) },
    { name: `a CALL one level past the depth limit`, wire: text(`[2,"c9b","Heartbeat",{"a":[${nested((MAX_FRAME_DEPTH - 2) / 2)}]}]`), expect: badCall('c9b') },
    { name: 'a CALL nested 7,000 deep in arrays', wire: text(`[2,"c9c","Heartbeat",{"a":${'['.repeat(7000)}${']'.repeat(7000)}}]`), expect: badCall('c9c') },
    { name: 'a frame of arrays 7,000 deep', wire: text(`${'['.repeat(7000)}${']'.repeat(7000)}`), expect: unreadable() },
    { name: 'a message type nested 7,000 deep', wire: text(`[${'['.repeat(7000)}${']'.repeat(7000)},"m10"]`), expect: unknownType('m10') },
    { name: 'a CALLRESULT nested 7,000 deep', wire: text(`[3,"nobody-asked",{"a":${'['.repeat(7000)}${']'.repeat(7000)}}]`), expect: both('none') },
    { name: 'a CALLERROR nested 7,000 deep', wire: text(`[4,"nobody-asked","GenericError","",{"a":${'['.repeat(7000)}${']'.repeat(7000)}}]`), expect: both('none') },
    { name: 'an action named __proto__', wire: text('[2,"c10","__proto__",{}]'), expect: both({ id: 'c10', code: 'NotImplemented' }) },
    { name: 'an action named toString', wire: text('[2,"c11","toString",{}]'), expect: both({ id: 'c11', code: 'NotImplemented' }) },
    { name: 'an action named constructor', wire: text('[2,"c12","constructor",{}]'), expect: both({ id: 'c12', code: 'NotImplemented' }) },
    { name: 'an action of 8,000 characters', wire: text(`[2,"c13","${'A'.repeat(8000)}",{}]`), expect: both({ id: 'c13', code: 'NotImplemented' }) },
    { name: 'a payload with keys named __proto__ and constructor', wire: text('[2,"c14","FooBar",{"__proto__":{"x":1},"constructor":{"prototype":1}}]'), expect: both({ id: 'c14', code: 'NotImplemented' }) },
    { name: 'a CALLRESULT with an unknown id', wire: text('[3,"nobody-asked",{}]'), expect: both('none') },
    { name: 'a CALLERROR with an unknown id', wire: text('[4,"nobody-asked","GenericError","",{}]'), expect: both('none') },
    { name: 'a CALLRESULT without payload', wire: text('[3,"r1"]'), expect: both('none') },
    { name: 'a CALLRESULT with a numeric id', wire: text('[3,5,{}]'), expect: both('none') },
    { name: 'a CALLERROR with 3 elements', wire: text('[4,"r2","GenericError"]'), expect: both('none') },
    { name: 'a CALLERROR whose details are a string', wire: text('[4,"r3","GenericError","","oops"]'), expect: both('none') },
    { name: 'a binary frame', wire: { binary: Buffer.from('[2,"b1","Heartbeat",{}]') }, expect: unreadable() },
    { name: 'a text frame that is not UTF-8', wire: { invalidUtf8: Buffer.from([0x5b, 0x32, 0x2c, 0xff, 0xfe, 0x5d]) }, expect: both({ close: 1007 }), closes: true },
    {
      name: `a message larger than maxPayload (${maxPayload} bytes)`,
      wire: text(`[2,"big","DataTransfer",{"vendorId":"x","data":"${'x'.repeat(maxPayload)}"}]`),
      expect: both({ close: 1009 }), closes: true,
    },
  ];
}

/** The frames of `corpus` as one version's receiver must treat them. */
export function forVersion(corpus: readonly BadFrame[], version: OcppVersion): Array<Omit<BadFrame, 'expect'> & { expect: Expected }> {
  return corpus.map((entry) => ({ ...entry, expect: entry.expect[version] }));
}

const call = (id: string, action: string, payload: unknown): Wire => text(JSON.stringify([2, id, action, payload]));
/** The wire spelling of a schema failure per version (OCPP-J 1.6 Table 7 typos, 2.0.1 Table 8). */
const SPELLING: Record<OcppVersion, { format: string; occurrence: string }> = {
  'ocpp1.6': { format: 'FormationViolation', occurrence: 'OccurenceConstraintViolation' },
  'ocpp2.0.1': { format: 'FormatViolation', occurrence: 'OccurrenceConstraintViolation' },
  'ocpp2.1': { format: 'FormatViolation', occurrence: 'OccurrenceConstraintViolation' },
};

/**
 * Well-framed CALLs to the central system whose payloads break the version's schema, one per
 * failing keyword (error-policy.ts: required → occurrence, type → type, additionalProperties →
 * format, maxLength and enum → property).
 */
export function gatewayPayloadCorpus(version: OcppVersion): Array<{ name: string; wire: Wire; expect: Expected }> {
  const { format, occurrence } = SPELLING[version];
  const v16 = version === 'ocpp1.6';
  const boot = v16 ? { chargePointVendor: 'V', chargePointModel: 'M' } : { reason: 'PowerUp', chargingStation: { model: 'M', vendorName: 'V' } };
  const status = v16
    ? { connectorId: 1, errorCode: 'NoError', status: 'Sleeping' }
    : { timestamp: '2024-01-01T00:00:00Z', connectorStatus: 'Sleeping', evseId: 1, connectorId: 1 };
  return [
    { name: 'BootNotification missing its required fields', wire: call('p1', 'BootNotification', {}), expect: { id: 'p1', code: occurrence } },
    {
      name: 'BootNotification with a number where a string belongs',
      wire: call('p2', 'BootNotification', v16 ? { ...boot, chargePointVendor: 5 } : { ...boot, chargingStation: { model: 5, vendorName: 'V' } }),
      expect: { id: 'p2', code: 'TypeConstraintViolation' },
    },
    { name: 'BootNotification with a property its schema does not allow', wire: call('p3', 'BootNotification', { ...boot, colour: 'red' }), expect: { id: 'p3', code: format } },
    {
      name: 'BootNotification with a string longer than its maxLength',
      wire: call('p4', 'BootNotification', v16 ? { ...boot, chargePointVendor: 'V'.repeat(21) } : { ...boot, chargingStation: { model: 'M', vendorName: 'V'.repeat(51) } }),
      expect: { id: 'p4', code: 'PropertyConstraintViolation' },
    },
    { name: 'StatusNotification with a status outside its enum', wire: call('p5', 'StatusNotification', status), expect: { id: 'p5', code: 'PropertyConstraintViolation' } },
  ];
}

/**
 * Well-framed CALLs from the central system to a charge point that it must refuse: schema
 * failures, and (1.6, 2.0.1) an action of the version it does not implement (NotSupported,
 * OCPP-J §4.2.3). A 2.1 charge point answers every action of its schema set with a schema-valid
 * refusal instead (docs/versions.md), so 2.1 has no NotSupported case.
 */
export function chargePointPayloadCorpus(version: OcppVersion): Array<{ name: string; wire: Wire; expect: Expected }> {
  const { format, occurrence } = SPELLING[version];
  const v16 = version === 'ocpp1.6';
  const corpus = [
    { name: 'Reset without its type', wire: call('q1', 'Reset', {}), expect: { id: 'q1', code: occurrence } },
    { name: 'Reset with a numeric type', wire: call('q2', 'Reset', { type: 5 }), expect: { id: 'q2', code: 'TypeConstraintViolation' } },
    { name: 'Reset with a type outside its enum', wire: call('q3', 'Reset', { type: 'Medium' }), expect: { id: 'q3', code: 'PropertyConstraintViolation' } },
    {
      name: 'ChangeAvailability with a property its schema does not allow',
      wire: call('q4', 'ChangeAvailability', v16 ? { connectorId: 1, type: 'Operative', colour: 'red' } : { operationalStatus: 'Operative', colour: 'red' }),
      expect: { id: 'q4', code: format },
    },
  ];
  if (version === 'ocpp2.1') return corpus;
  return [
    ...corpus,
    {
      name: 'a known action the charge point does not support',
      wire: call('q5', v16 ? 'InstallCertificate' : 'SetDisplayMessage', v16
        ? { certificateType: 'CentralSystemRootCertificate', certificate: 'PEM' }
        : { message: { id: 1, priority: 'InFront', message: { format: 'UTF8', content: 'hi' } } }),
      expect: { id: 'q5', code: 'NotSupported' },
    },
  ];
}

/** Asserts that what a bad frame produced (replies before the probe's answer) is what was expected. */
export function assertOutcome(name: string, expected: Expected, replies: unknown[]): void {
  if (expected === 'none') {
    assert.deepEqual(replies, [], `${name}: dropped without a reply`);
    return;
  }
  assert.ok(!('close' in expected), `${name}: a close was expected, got replies`);
  assert.equal(replies.length, 1, `${name}: exactly one reply, got ${JSON.stringify(replies)}`);
  const reply = replies[0] as unknown[];
  assert.equal(reply.length, 5, `${name}: a CALLERROR has 5 elements`);
  assert.deepEqual([reply[0], reply[1], reply[2]], [4, expected.id, expected.code], `${name}: ${JSON.stringify(reply)}`);
  assert.equal(typeof reply[3], 'string');
  assert.ok((reply[3] as string).length <= 255, `${name}: description within 255 characters`);
  assert.equal(typeof reply[4], 'object', `${name}: errorDetails is an object`);
  assert.ok(reply[4] !== null && !Array.isArray(reply[4]));
}
