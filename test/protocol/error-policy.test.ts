import { test } from 'node:test';
import assert from 'node:assert/strict';
import { kindForSchemaKeyword, replyForBadFrame, UNREADABLE_ID } from '../../src/protocol/error-policy.js';
import { errorCodeFor, kindOfErrorCode, OcppError, type CallErrorKind } from '../../src/protocol/errors.js';
import { parseFrame } from '../../src/protocol/frame.js';
import { versionSpec, type OcppVersion } from '../../src/protocol/versions.js';

/** What a receiver sends: a CALLERROR with this wire code and message id, or nothing. */
type Reply = { code: string; id: string } | 'drop';

/** The reply for a text that does not parse, computed through the policy as a session would. */
function replyToText(version: OcppVersion, text: string): Reply {
  const parsed = parseFrame(text, versionSpec(version).messageTypes);
  assert.equal(parsed.ok, false, `${text} must not parse on ${version}`);
  if (parsed.ok) return 'drop';
  const reply = replyForBadFrame(version, parsed.problem);
  return reply ? { code: errorCodeFor(version, reply.kind), id: reply.id } : 'drop';
}

/** `v21` when 2.1 differs from 2.0.1 (`valid`: the text is a well-formed 2.1 frame). */
type Situation =
  | { name: string; text: string; v16: Reply; v201: Reply; v21?: Reply | 'valid' }
  | { name: string; keyword: string; v16: string; v201: string }
  | { name: string; kind: CallErrorKind; v16: string; v201: string };

const id37 = 'x'.repeat(37);

/*
 * The CallError code per (situation, version). Sources:
 * - OCPP-J 1.6 §4.2.3 Table 7 (1.6 codes, with the spellings FormationViolation and
 *   OccurenceConstraintViolation that the 1.6 errata keep) and §4.1.3 (unknown message types are ignored);
 * - OCPP-J 2.0.1 §4.3 Table 8 (FormatViolation, OccurrenceConstraintViolation, plus
 *   MessageTypeNotSupported and RpcFrameworkError, which 1.6 does not have), §4.2.3 (id "-1" when the
 *   message id cannot be read) and §4.4 (MessageTypeNotSupported for an unknown message type);
 * - OCPP-J 2.1 §4.1.3 and §4.2.5–4.2.6: types 5 CALLRESULTERROR and 6 SEND exist in 2.1 only; neither
 *   is ever answered, broken or not; every other answer as in 2.0.1;
 * - ../shared/ocpp-brief.md §2.4–2.5 (send the negotiated version's spelling, never send a 2.x-only code
 *   on 1.6, a response never gets a response, schema failures by meaning).
 */
const SITUATIONS: Situation[] = [
  // Frames that do not parse (brief §2.5).
  { name: 'not JSON', text: 'not json', v16: { code: 'FormationViolation', id: UNREADABLE_ID }, v201: { code: 'RpcFrameworkError', id: UNREADABLE_ID } },
  { name: 'JSON but not an array', text: '{"a":1}', v16: { code: 'FormationViolation', id: '-1' }, v201: { code: 'RpcFrameworkError', id: '-1' } },
  { name: 'message type 7', text: '[7,"m7","X",{}]', v16: 'drop', v201: { code: 'MessageTypeNotSupported', id: 'm7' } },
  { name: 'message type 5 (2.1 only) with 4 elements', text: '[5,"m5","X",{}]', v16: 'drop', v201: { code: 'MessageTypeNotSupported', id: 'm5' }, v21: 'drop' },
  { name: 'message type 5 (2.1 only)', text: '[5,"m5","GenericError","",{}]', v16: 'drop', v201: { code: 'MessageTypeNotSupported', id: 'm5' }, v21: 'valid' },
  { name: 'message type 6 (2.1 only)', text: '[6,"m6","X",{}]', v16: 'drop', v201: { code: 'MessageTypeNotSupported', id: 'm6' }, v21: 'valid' },
  { name: 'SEND without payload', text: '[6,"m6","X"]', v16: 'drop', v201: { code: 'MessageTypeNotSupported', id: 'm6' }, v21: 'drop' },
  { name: 'SEND whose id is a number', text: '[6,6,"X",{}]', v16: 'drop', v201: { code: 'MessageTypeNotSupported', id: '-1' }, v21: 'drop' },
  { name: 'CALLRESULTERROR whose details are a string', text: '[5,"e","GenericError","","x"]', v16: 'drop', v201: { code: 'MessageTypeNotSupported', id: 'e' }, v21: 'drop' },
  { name: 'message type "2" as a string', text: '["2","s","Heartbeat",{}]', v16: 'drop', v201: { code: 'MessageTypeNotSupported', id: 's' } },
  { name: 'unknown type with an unreadable id', text: `[7,"${id37}","X",{}]`, v16: 'drop', v201: { code: 'MessageTypeNotSupported', id: '-1' } },
  { name: 'CALL whose id is a number', text: '[2,7,"Heartbeat",{}]', v16: { code: 'FormationViolation', id: '-1' }, v201: { code: 'RpcFrameworkError', id: '-1' } },
  { name: 'CALL whose id has 37 characters', text: `[2,"${id37}","Heartbeat",{}]`, v16: { code: 'FormationViolation', id: '-1' }, v201: { code: 'RpcFrameworkError', id: '-1' } },
  { name: 'CALL with 3 elements', text: '[2,"c3","Heartbeat"]', v16: { code: 'FormationViolation', id: 'c3' }, v201: { code: 'FormatViolation', id: 'c3' } },
  { name: 'CALL whose payload is null', text: '[2,"pn","Heartbeat",null]', v16: { code: 'FormationViolation', id: 'pn' }, v201: { code: 'FormatViolation', id: 'pn' } },
  { name: 'CALL whose action is not a string', text: '[2,"an",1,{}]', v16: { code: 'FormationViolation', id: 'an' }, v201: { code: 'FormatViolation', id: 'an' } },
  // A response never gets a response, however broken it is (brief §2.5).
  { name: 'CALLRESULT whose id is a number', text: '[3,1,{}]', v16: 'drop', v201: 'drop' },
  { name: 'CALLERROR whose id has 37 characters', text: `[4,"${id37}","GenericError","",{}]`, v16: 'drop', v201: 'drop' },
  { name: 'CALLRESULT with the wrong length', text: '[3,"r"]', v16: 'drop', v201: 'drop' },
  { name: 'CALLRESULT whose payload is an array', text: '[3,"r",[]]', v16: 'drop', v201: 'drop' },
  { name: 'CALLERROR whose details are not an object', text: '[4,"e","GenericError","","x"]', v16: 'drop', v201: 'drop' },
  { name: 'CALLERROR with the wrong length', text: '[4,"e","GenericError"]', v16: 'drop', v201: 'drop' },
  // A payload that fails its schema, by the JSON-schema keyword that failed (brief §2.5 table).
  { name: 'required field missing', keyword: 'required', v16: 'OccurenceConstraintViolation', v201: 'OccurrenceConstraintViolation' },
  { name: 'too few array items', keyword: 'minItems', v16: 'OccurenceConstraintViolation', v201: 'OccurrenceConstraintViolation' },
  { name: 'too many array items', keyword: 'maxItems', v16: 'OccurenceConstraintViolation', v201: 'OccurrenceConstraintViolation' },
  { name: 'wrong JSON type', keyword: 'type', v16: 'TypeConstraintViolation', v201: 'TypeConstraintViolation' },
  { name: 'value not in the enum', keyword: 'enum', v16: 'PropertyConstraintViolation', v201: 'PropertyConstraintViolation' },
  { name: 'string longer than maxLength', keyword: 'maxLength', v16: 'PropertyConstraintViolation', v201: 'PropertyConstraintViolation' },
  { name: 'number above maximum', keyword: 'maximum', v16: 'PropertyConstraintViolation', v201: 'PropertyConstraintViolation' },
  { name: 'number below minimum', keyword: 'minimum', v16: 'PropertyConstraintViolation', v201: 'PropertyConstraintViolation' },
  { name: 'number not a multiple of the step', keyword: 'multipleOf', v16: 'PropertyConstraintViolation', v201: 'PropertyConstraintViolation' },
  { name: 'string not matching the pattern', keyword: 'pattern', v16: 'PropertyConstraintViolation', v201: 'PropertyConstraintViolation' },
  { name: 'string not in the format (date-time)', keyword: 'format', v16: 'PropertyConstraintViolation', v201: 'PropertyConstraintViolation' },
  { name: 'unknown extra property', keyword: 'additionalProperties', v16: 'FormationViolation', v201: 'FormatViolation' },
  { name: 'any other keyword (oneOf)', keyword: 'oneOf', v16: 'FormationViolation', v201: 'FormatViolation' },
  // Kinds chosen by the session or a handler, spelt per version.
  { name: 'unknown action', kind: 'NotImplemented', v16: 'NotImplemented', v201: 'NotImplemented' },
  { name: 'known action not supported', kind: 'NotSupported', v16: 'NotSupported', v201: 'NotSupported' },
  { name: 'handler failed', kind: 'InternalError', v16: 'InternalError', v201: 'InternalError' },
  { name: 'call before BootNotification was accepted', kind: 'SecurityError', v16: 'SecurityError', v201: 'SecurityError' },
  { name: 'payload not conform the PDU', kind: 'ProtocolError', v16: 'ProtocolError', v201: 'ProtocolError' },
  { name: 'a format violation', kind: 'FormatViolation', v16: 'FormationViolation', v201: 'FormatViolation' },
  { name: 'an occurrence violation', kind: 'OccurrenceConstraintViolation', v16: 'OccurenceConstraintViolation', v201: 'OccurrenceConstraintViolation' },
  // 1.6 has neither code: the nearest 1.6 code stands in (brief §2.4).
  { name: 'message type not supported', kind: 'MessageTypeNotSupported', v16: 'FormationViolation', v201: 'MessageTypeNotSupported' },
  { name: 'RPC framework error (duplicate id in flight)', kind: 'RpcFrameworkError', v16: 'FormationViolation', v201: 'RpcFrameworkError' },
];

test('each situation gets the CallError code of the negotiated version, or no reply', () => {
  const v16Codes = new Set(['NotImplemented', 'NotSupported', 'InternalError', 'ProtocolError', 'SecurityError', 'FormationViolation',
    'PropertyConstraintViolation', 'OccurenceConstraintViolation', 'TypeConstraintViolation', 'GenericError']);
  for (const situation of SITUATIONS) {
    const v21 = 'v21' in situation && situation.v21 !== undefined ? situation.v21 : situation.v201;
    for (const [version, expected] of [['ocpp1.6', situation.v16], ['ocpp2.0.1', situation.v201], ['ocpp2.1', v21]] as const) {
      let actual: Reply | string;
      if (expected === 'valid') {
        assert.equal(parseFrame((situation as { text: string }).text, versionSpec(version).messageTypes).ok, true, `${situation.name} parses on ${version}`);
        continue;
      }
      if ('text' in situation) actual = replyToText(version, situation.text);
      else if ('keyword' in situation) actual = errorCodeFor(version, kindForSchemaKeyword(situation.keyword));
      else actual = errorCodeFor(version, situation.kind);
      assert.deepEqual(actual, expected, `${situation.name} on ${version}`);
      // Only codes of OCPP-J 1.6 Table 7 ever go out on a 1.6 connection.
      const code = actual === 'drop' ? undefined : typeof actual === 'string' ? actual : actual.code;
      if (version === 'ocpp1.6' && code !== undefined) assert.ok(v16Codes.has(code), `${code} is not a 1.6 code (${situation.name})`);
    }
  }
});

test('a received error code is understood in either spelling, and unknown codes are GenericError', () => {
  const received: Array<[string, CallErrorKind]> = [
    ['FormationViolation', 'FormatViolation'],
    ['FormatViolation', 'FormatViolation'],
    ['OccurenceConstraintViolation', 'OccurrenceConstraintViolation'],
    ['OccurrenceConstraintViolation', 'OccurrenceConstraintViolation'],
    ['NotImplemented', 'NotImplemented'],
    ['NotSupported', 'NotSupported'],
    ['InternalError', 'InternalError'],
    ['ProtocolError', 'ProtocolError'],
    ['SecurityError', 'SecurityError'],
    ['PropertyConstraintViolation', 'PropertyConstraintViolation'],
    ['TypeConstraintViolation', 'TypeConstraintViolation'],
    ['GenericError', 'GenericError'],
    ['MessageTypeNotSupported', 'MessageTypeNotSupported'],
    ['RpcFrameworkError', 'RpcFrameworkError'],
    ['VendorSpecificOops', 'GenericError'],
    ['', 'GenericError'],
    ['notimplemented', 'GenericError'],
  ];
  for (const [code, kind] of received) assert.equal(kindOfErrorCode(code), kind, `kindOfErrorCode(${JSON.stringify(code)})`);
});

test('a received error code that names an Object.prototype member is an unknown code, so GenericError', () => {
  // The code comes from the peer's CALLERROR (rpc-session settle()), so any string can arrive.
  for (const code of ['toString', 'constructor', '__proto__', 'hasOwnProperty', 'valueOf']) {
    assert.equal(kindOfErrorCode(code), 'GenericError', `kindOfErrorCode(${JSON.stringify(code)})`);
  }
});

test('a schema keyword that names an Object.prototype member is an unlisted keyword, so a format violation', () => {
  for (const keyword of ['toString', 'constructor', 'valueOf']) {
    assert.equal(kindForSchemaKeyword(keyword), 'FormatViolation', `kindForSchemaKeyword(${keyword})`);
  }
});

test('an OcppError we raise is spelt per version, one received keeps the code the peer sent', () => {
  const ours = new OcppError('OccurrenceConstraintViolation', 'idTag missing');
  assert.equal(ours.codeFor('ocpp1.6'), 'OccurenceConstraintViolation');
  assert.equal(ours.codeFor('ocpp2.0.1'), 'OccurrenceConstraintViolation');
  const received = new OcppError(kindOfErrorCode('FormationViolation'), 'bad', {}, 'FormationViolation');
  assert.equal(received.kind, 'FormatViolation');
  assert.equal(received.codeFor('ocpp2.0.1'), 'FormationViolation');
  assert.ok(received instanceof Error);
  assert.equal(received.name, 'OcppError');
});
