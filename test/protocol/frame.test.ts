import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseFrame, serializeFrame, type Frame, type FrameFault } from '../../src/protocol/frame.js';
import { MAX_FRAME_DEPTH } from '../../src/protocol/json-depth.js';

const id36 = 'a'.repeat(36);
const id37 = 'a'.repeat(37);
/** `depth` arrays, each inside the next: `[[[]]]` for 3. */
const arrays = (depth: number): string => `${'['.repeat(depth)}${']'.repeat(depth)}`;

// Well-formed frames of each message type (OCPP-J 1.6 §4.2, 2.0.1 §4.2).
const goodFrames: Array<{ name: string; text: string; frame: Frame }> = [
  {
    name: 'a CALL',
    text: '[2,"19223201","BootNotification",{"chargePointVendor":"VendorX","chargePointModel":"SingleSocketCharger"}]',
    frame: { type: 2, id: '19223201', action: 'BootNotification', payload: { chargePointVendor: 'VendorX', chargePointModel: 'SingleSocketCharger' } },
  },
  { name: 'a CALL with an empty payload', text: '[2,"1","Heartbeat",{}]', frame: { type: 2, id: '1', action: 'Heartbeat', payload: {} } },
  { name: 'a CALL whose id has 36 characters', text: `[2,"${id36}","Heartbeat",{}]`, frame: { type: 2, id: id36, action: 'Heartbeat', payload: {} } },
  {
    name: 'a CALLRESULT',
    text: '[3,"19223201",{"currentTime":"2013-02-01T20:53:32.486Z","interval":300,"status":"Accepted"}]',
    frame: { type: 3, id: '19223201', payload: { currentTime: '2013-02-01T20:53:32.486Z', interval: 300, status: 'Accepted' } },
  },
  { name: 'a CALLRESULT with an empty payload', text: '[3,"x",{}]', frame: { type: 3, id: 'x', payload: {} } },
  {
    name: 'a CALLERROR',
    text: '[4,"162376037","NotSupported","SetDisplayMessageRequest not implemented",{}]',
    frame: { type: 4, id: '162376037', code: 'NotSupported', description: 'SetDisplayMessageRequest not implemented', details: {} },
  },
  {
    name: 'a CALLERROR with details and an empty description',
    text: '[4,"e1","InternalError","",{"cause":"db down","retry":true}]',
    frame: { type: 4, id: 'e1', code: 'InternalError', description: '', details: { cause: 'db down', retry: true } },
  },
  {
    name: 'a CALL with nested payload and non-ASCII text',
    text: '[2,"n","DataTransfer",{"vendorId":"Ünïcode ⚡","data":"{\\"a\\":[1,2]}"}]',
    frame: { type: 2, id: 'n', action: 'DataTransfer', payload: { vendorId: 'Ünïcode ⚡', data: '{"a":[1,2]}' } },
  },
];

for (const { name, text, frame } of goodFrames) {
  test(`parseFrame reads ${name} and serializeFrame writes it back unchanged`, () => {
    const parsed = parseFrame(text);
    assert.deepEqual(parsed, { ok: true, frame });
    assert.equal(serializeFrame(frame), text);
    assert.deepEqual(parseFrame(serializeFrame(frame)), { ok: true, frame });
  });
}

test('parseFrame accepts whitespace between the elements of a frame', () => {
  assert.deepEqual(parseFrame(' [ 2 , "w" , "Heartbeat" , { } ] '), { ok: true, frame: { type: 2, id: 'w', action: 'Heartbeat', payload: {} } });
});

// `id` is what the problem must report: the message id when it could be read, else undefined.
const badFrames: Array<{ name: string; text: string; fault: FrameFault; id?: string; messageType?: number }> = [
  { name: 'text that is not JSON', text: 'not json', fault: 'not-json' },
  { name: 'an empty text', text: '', fault: 'not-json' },
  { name: 'a truncated array', text: '[2,"1","Heartbeat",{}', fault: 'not-json' },
  { name: 'a JSON object', text: '{"a":1}', fault: 'not-array' },
  { name: 'a JSON string', text: '"hello"', fault: 'not-array' },
  { name: 'JSON null', text: 'null', fault: 'not-array' },
  { name: 'an empty array', text: '[]', fault: 'unknown-message-type' },
  { name: 'message type 5 (CALLRESULTERROR, 2.1 only)', text: '[5,"m5","X",{}]', fault: 'unknown-message-type', id: 'm5', messageType: 5 },
  { name: 'message type 6 (SEND, 2.1 only)', text: '[6,"m6","X",{}]', fault: 'unknown-message-type', id: 'm6', messageType: 6 },
  { name: 'message type 7', text: '[7,"m7","X",{}]', fault: 'unknown-message-type', id: 'm7', messageType: 7 },
  { name: 'message type 1', text: '[1,"m1","X",{}]', fault: 'unknown-message-type', id: 'm1', messageType: 1 },
  { name: 'message type as the string "2"', text: '["2","s2","Heartbeat",{}]', fault: 'unknown-message-type', id: 's2' },
  { name: 'message type 2.5', text: '[2.5,"f","Heartbeat",{}]', fault: 'unknown-message-type', id: 'f', messageType: 2.5 },
  { name: 'an unknown type whose id is too long to read', text: `[7,"${id37}","X",{}]`, fault: 'unknown-message-type', messageType: 7 },
  // An empty string is not a message id (the id must be non-empty, as for known types), so it is not reported.
  { name: 'an unknown type whose id is empty', text: '[7,"","X",{}]', fault: 'unknown-message-type', messageType: 7 },
  { name: 'a CALL whose id is a number', text: '[2,19223201,"Heartbeat",{}]', fault: 'bad-message-id', messageType: 2 },
  { name: 'a CALL whose id is null', text: '[2,null,"Heartbeat",{}]', fault: 'bad-message-id', messageType: 2 },
  { name: 'a CALL whose id is empty', text: '[2,"","Heartbeat",{}]', fault: 'bad-message-id', messageType: 2 },
  { name: 'a CALL whose id has 37 characters', text: `[2,"${id37}","Heartbeat",{}]`, fault: 'bad-message-id', messageType: 2 },
  { name: 'a CALLRESULT whose id is a number', text: '[3,1,{}]', fault: 'bad-message-id', messageType: 3 },
  { name: 'a CALLERROR whose id has 37 characters', text: `[4,"${id37}","GenericError","",{}]`, fault: 'bad-message-id', messageType: 4 },
  { name: 'a CALL with 3 elements', text: '[2,"c3","Heartbeat"]', fault: 'bad-call', id: 'c3', messageType: 2 },
  { name: 'a CALL with 5 elements', text: '[2,"c5","Heartbeat",{},{}]', fault: 'bad-call', id: 'c5', messageType: 2 },
  { name: 'a CALL whose action is a number', text: '[2,"cn",42,{}]', fault: 'bad-call', id: 'cn', messageType: 2 },
  { name: 'a CALL whose action is empty', text: '[2,"ce","",{}]', fault: 'bad-call', id: 'ce', messageType: 2 },
  { name: 'a CALL whose payload is null', text: '[2,"pn","Heartbeat",null]', fault: 'bad-call', id: 'pn', messageType: 2 },
  { name: 'a CALL whose payload is an array', text: '[2,"pa","Heartbeat",[]]', fault: 'bad-call', id: 'pa', messageType: 2 },
  { name: 'a CALL whose payload is a string', text: '[2,"ps","Heartbeat","{}"]', fault: 'bad-call', id: 'ps', messageType: 2 },
  { name: 'a CALLRESULT with 2 elements', text: '[3,"r2"]', fault: 'bad-call-result', id: 'r2', messageType: 3 },
  { name: 'a CALLRESULT with 4 elements', text: '[3,"r4",{},{}]', fault: 'bad-call-result', id: 'r4', messageType: 3 },
  { name: 'a CALLRESULT whose payload is null', text: '[3,"rn",null]', fault: 'bad-call-result', id: 'rn', messageType: 3 },
  { name: 'a CALLRESULT whose payload is an array', text: '[3,"ra",[]]', fault: 'bad-call-result', id: 'ra', messageType: 3 },
  { name: 'a CALLERROR with 4 elements', text: '[4,"e4","GenericError",""]', fault: 'bad-call-error', id: 'e4', messageType: 4 },
  { name: 'a CALLERROR with 6 elements', text: '[4,"e6","GenericError","",{},{}]', fault: 'bad-call-error', id: 'e6', messageType: 4 },
  { name: 'a CALLERROR whose code is a number', text: '[4,"ec",500,"",{}]', fault: 'bad-call-error', id: 'ec', messageType: 4 },
  { name: 'a CALLERROR whose description is null', text: '[4,"ed","GenericError",null,{}]', fault: 'bad-call-error', id: 'ed', messageType: 4 },
  { name: 'a CALLERROR whose details are a string', text: '[4,"es","GenericError","","x"]', fault: 'bad-call-error', id: 'es', messageType: 4 },
  { name: 'a CALLERROR whose details are null', text: '[4,"en","GenericError","",null]', fault: 'bad-call-error', id: 'en', messageType: 4 },
  { name: 'a CALLERROR whose details are an array', text: '[4,"ea","GenericError","",[]]', fault: 'bad-call-error', id: 'ea', messageType: 4 },
  { name: 'a CALL one level deeper than MAX_FRAME_DEPTH', text: `[2,"d1","X",{"a":${arrays(MAX_FRAME_DEPTH - 1)}}]`, fault: 'bad-call', id: 'd1', messageType: 2 },
  { name: 'a CALL 10,000 levels deep', text: `[2,"d2","X",{"a":${arrays(10_000)}}]`, fault: 'bad-call', id: 'd2', messageType: 2 },
  { name: 'a CALLRESULT 10,000 levels deep', text: `[3,"d3",{"a":${arrays(10_000)}}]`, fault: 'bad-call-result', id: 'd3', messageType: 3 },
  { name: 'a CALLERROR 10,000 levels deep', text: `[4,"d4","GenericError","",{"a":${arrays(10_000)}}]`, fault: 'bad-call-error', id: 'd4', messageType: 4 },
  { name: 'arrays 10,000 levels deep', text: arrays(10_000), fault: 'not-json' },
  { name: 'an object 10,000 levels deep', text: `${'{"a":'.repeat(10_000)}1${'}'.repeat(10_000)}`, fault: 'not-array' },
  { name: 'a message type 10,000 levels deep', text: `[${arrays(10_000)},"d5"]`, fault: 'unknown-message-type', id: 'd5' },
  { name: 'a CALL too deep with an unreadable id', text: `[2,5,"X",{"a":${arrays(10_000)}}]`, fault: 'not-json' },
];

for (const { name, text, fault, id, messageType } of badFrames) {
  test(`parseFrame rejects ${name} as ${fault}${id === undefined ? '' : ` and reports id "${id}"`}`, () => {
    const parsed = parseFrame(text);
    assert.equal(parsed.ok, false, 'the text must not parse');
    if (parsed.ok) return;
    assert.equal(parsed.problem.fault, fault);
    assert.equal(parsed.problem.id, id, 'the id is reported exactly when it could be read');
    assert.equal(parsed.problem.messageType, messageType);
    assert.equal(typeof parsed.problem.reason, 'string');
    assert.ok(parsed.problem.reason.length > 0, 'the reason says what is wrong');
  });
}

test(`parseFrame accepts a frame nested exactly MAX_FRAME_DEPTH (${MAX_FRAME_DEPTH}) levels`, () => {
  // The frame's array, the payload object, then arrays down to the limit.
  const text = `[2,"ok","X",{"a":${arrays(MAX_FRAME_DEPTH - 2)}}]`;
  assert.equal(parseFrame(text).ok, true);
});

test('parseFrame names a deep frame and a long message type briefly, never by their whole text', () => {
  const deep = parseFrame(`[2,"d",{"a":${arrays(10_000)}}]`);
  assert.ok(!deep.ok && deep.problem.reason.length < 100, JSON.stringify(deep));
  const long = parseFrame(`["${'x'.repeat(100_000)}","m"]`);
  assert.ok(!long.ok && long.problem.reason.length < 120, 'a 100,000-character type is cut in the reason');
});

test('parseFrame never throws, whatever the text', () => {
  for (const text of ['[', ']', '[2', '{}', '0', 'true', '[[[]]]', '[2,{},{},{}]', '\u0000', '[4,"x",{},{},{}]']) {
    assert.doesNotThrow(() => parseFrame(text), `parseFrame(${JSON.stringify(text)})`);
    assert.equal(parseFrame(text).ok, false, `parseFrame(${JSON.stringify(text)}) must fail`);
  }
});

// OCPP-J 2.1 §4.1.3: types 5 (CALLRESULTERROR) and 6 (SEND), read only with the 2.1 message types.
const TYPES_21 = [2, 3, 4, 5, 6];
const frames21: Array<{ name: string; text: string; frame: Frame }> = [
  {
    name: 'a CALLRESULTERROR',
    text: '[5,"r9","FormatViolation","BootNotification.conf /interval must be integer",{"keyword":"type"}]',
    frame: { type: 5, id: 'r9', code: 'FormatViolation', description: 'BootNotification.conf /interval must be integer', details: { keyword: 'type' } },
  },
  {
    name: 'a SEND',
    text: '[6,"s1","NotifyPeriodicEventStream",{"id":1,"pending":0,"basetime":"2025-01-01T00:00:00Z","data":[{"t":0,"v":"1"}]}]',
    frame: { type: 6, id: 's1', action: 'NotifyPeriodicEventStream', payload: { id: 1, pending: 0, basetime: '2025-01-01T00:00:00Z', data: [{ t: 0, v: '1' }] } },
  },
];

for (const { name, text, frame } of frames21) {
  test(`with the 2.1 message types parseFrame reads ${name} and serializeFrame writes it back; without them it is an unknown message type`, () => {
    assert.deepEqual(parseFrame(text, TYPES_21), { ok: true, frame });
    assert.equal(serializeFrame(frame), text);
    const refused = parseFrame(text);
    assert.equal(refused.ok, false);
    if (!refused.ok) assert.deepEqual([refused.problem.fault, refused.problem.id, refused.problem.messageType], ['unknown-message-type', frame.id, frame.type]);
  });
}

const bad21: Array<[string, string, FrameFault]> = [
  ['a SEND without payload', '[6,"s","NotifyPeriodicEventStream"]', 'bad-send'],
  ['a SEND whose action is a number', '[6,"s",6,{}]', 'bad-send'],
  ['a SEND whose payload is an array', '[6,"s","X",[]]', 'bad-send'],
  ['a CALLRESULTERROR with 4 elements', '[5,"e","GenericError",""]', 'bad-call-result-error'],
  ['a CALLRESULTERROR whose details are null', '[5,"e","GenericError","",null]', 'bad-call-result-error'],
  ['message type 7 on 2.1', '[7,"x","X",{}]', 'unknown-message-type'],
];

for (const [name, text, fault] of bad21) {
  test(`with the 2.1 message types parseFrame refuses ${name} as ${fault}`, () => {
    const parsed = parseFrame(text, TYPES_21);
    assert.equal(parsed.ok, false);
    if (!parsed.ok) assert.equal(parsed.problem.fault, fault);
  });
}
