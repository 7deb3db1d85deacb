import assert from 'node:assert/strict';
import { test } from 'node:test';
import { auditProblems, FrameAudit } from '../../src/cli/selftest/frame-audit.js';

// The self-test's frame audit keeps per-charge-point state for a bounded number of ids and open
// CALLs; what is past the bounds is counted exactly, never held.

test('the frame audit holds per-id state for at most its bound of charge points and counts the frames of the others exactly', () => {
  const firsts: string[] = [];
  const audit = new FrameAudit((id, action) => firsts.push(`${id} ${action}`), 2, 100);
  const { onConnect, onMessage } = audit.hooks();
  const connect = (id: string): void => onConnect?.({ chargePointId: id, protocol: 'ocpp1.6', remoteAddress: '127.0.0.1:1' });
  let n = 0;
  const heartbeat = (id: string): void => onMessage?.({ chargePointId: id, direction: 'in', text: JSON.stringify([2, String(++n), 'Heartbeat', {}]) });
  const table: Array<[string, () => void, { frames: number; unaudited: number; validated: number; firsts: string[] }]> = [
    ['the first two ids are audited', () => { connect('A'); connect('B'); heartbeat('A'); heartbeat('B'); },
      { frames: 2, unaudited: 0, validated: 2, firsts: ['A Heartbeat', 'B Heartbeat'] }],
    ['a third id is counted, not audited: no state, no first', () => { connect('C'); heartbeat('C'); heartbeat('C'); },
      { frames: 4, unaudited: 2, validated: 2, firsts: ['A Heartbeat', 'B Heartbeat'] }],
    ['an audited id that reconnects stays audited', () => { connect('A'); heartbeat('A'); },
      { frames: 5, unaudited: 2, validated: 3, firsts: ['A Heartbeat', 'B Heartbeat'] }],
    ['an action its version lacks is no first (firsts stay within the version\'s actions)', () => {
      onMessage?.({ chargePointId: 'B', direction: 'in', text: JSON.stringify([2, 'x', 'FlyToTheMoon', {}]) });
    }, { frames: 6, unaudited: 2, validated: 4, firsts: ['A Heartbeat', 'B Heartbeat'] }],
  ];
  for (const [name, step, expected] of table) {
    step();
    const { frames, unaudited, validated } = audit.figures;
    assert.deepEqual({ frames, unaudited, validated, firsts }, expected, name);
  }
  assert.ok(auditProblems(audit.figures).some((problem) => /^2 frames of charge points past the first \d+ were not audited$/.test(problem)));
});

test('the frame audit remembers at most its bound of open CALLs, forgetting the oldest, and counts each one forgotten', () => {
  const audit = new FrameAudit(undefined, 10, 3);
  const { onConnect, onMessage } = audit.hooks();
  onConnect?.({ chargePointId: 'A', protocol: 'ocpp1.6', remoteAddress: '127.0.0.1:1' });
  const send = (frame: unknown[], direction: 'in' | 'out'): void => onMessage?.({ chargePointId: 'A', direction, text: JSON.stringify(frame) });
  for (let i = 1; i <= 4; i++) send([2, `r${i}`, 'Reset', { type: 'Soft' }], 'out');
  assert.equal(audit.figures.forgottenCalls, 1);
  send([3, 'r4', { status: 'Accepted' }], 'in');
  assert.equal(audit.figures.invalid, 0, 'a remembered CALL is matched');
  send([3, 'r1', { status: 'Accepted' }], 'in');
  assert.equal(audit.figures.invalid, 1, 'the answer to the forgotten one matches nothing');
  assert.match(audit.figures.invalidSamples[0] ?? '', /CALLRESULT r1 answers no open CALL/);
});
