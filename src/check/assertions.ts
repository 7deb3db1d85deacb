import { randomBytes } from 'node:crypto';
import { CALLERROR, CALLRESULT, CALLRESULTERROR, SEND, type Frame } from '../protocol/frame.js';
import type { CheckContext } from './context.js';
import type { Station } from './station.js';
import { expect } from './types.js';

/** A fresh message id for a hand-made frame (≤ 36 characters, OCPP-J §4.1.4). */
export const rawId = (): string => `chk-${randomBytes(8).toString('hex')}`;

/** The answer (CALLRESULT or CALLERROR) to message `id`, waiting up to `ms`; undefined when none came. */
export async function answerTo(station: Station, id: string, ms: number, from?: number): Promise<Frame | undefined> {
  const logged = await station.waitFrame((f) => (f.frame?.type === CALLRESULT || f.frame?.type === CALLERROR) && f.frame.id === id, ms, from);
  return logged?.frame;
}

/** How a frame reads in a failure message. */
export function describeFrame(frame: Frame | undefined): string {
  if (!frame) return 'no answer';
  if (frame.type === CALLERROR) return `CALLERROR ${frame.code}`;
  if (frame.type === CALLRESULTERROR) return `CALLRESULTERROR ${frame.code}`;
  if (frame.type === CALLRESULT) return `CALLRESULT ${JSON.stringify(frame.payload).slice(0, 120)}`;
  return `${frame.type === SEND ? 'SEND' : 'CALL'} ${frame.action}`;
}

/**
 * Sends `text` (a hand-made CALL with message id `id`) and expects a CALLERROR with one of
 * `codes` echoing that id within the call timeout; returns the code.
 */
export async function expectCallError(ctx: CheckContext, station: Station, id: string, text: string, codes: readonly string[]): Promise<string> {
  const from = station.frames.size;
  expect(station.sendRaw(text), 'the connection closed before the frame could be sent');
  const answer = await answerTo(station, id, ctx.settings.callTimeoutMs, from);
  if (answer?.type === CALLERROR && codes.includes(answer.code)) return answer.code;
  return ctx.fail(`expected CALLERROR ${codes.join(' or ')} for message ${id}, got ${describeFrame(answer)}`);
}

/** Fails unless the connection still answers a Heartbeat: what a bad frame must not break. */
export async function stillServes(ctx: CheckContext, station: Station): Promise<void> {
  expect(station.isOpen, `the CSMS closed the connection (${station.closedWith?.code ?? '?'})`);
  await station.call('Heartbeat', {});
}

/** Seconds between an ISO date-time from the CSMS and our clock; fails when it does not parse or is off by more than allowed. */
export function clockSkewSec(ctx: CheckContext, what: string, value: unknown): number {
  const at = typeof value === 'string' ? Date.parse(value) : Number.NaN;
  expect(Number.isFinite(at), `${what} is not a date-time: ${JSON.stringify(value)}`);
  const skew = (at - Date.now()) / 1000;
  const max = ctx.settings.maxClockSkewSec;
  expect(Math.abs(skew) <= max, `${what} ${String(value)} is ${skew.toFixed(1)} s off our clock (at most ${max} s allowed)`);
  return skew;
}

/** `+0.4s` / `-12.0s`. */
export const signedSeconds = (sec: number): string => `${sec >= 0 ? '+' : ''}${sec.toFixed(1)}s`;
