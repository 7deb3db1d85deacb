import assert from 'node:assert/strict';
import { ManualScheduler } from '../../src/clock/manual-scheduler.js';
import { RpcSession, type HandlerTable } from '../../src/protocol/rpc-session.js';
import { validatorFor } from '../../src/protocol/validator.js';
import type { OcppVersion } from '../../src/protocol/versions.js';
import { FakeChannel, RecordingObserver } from './fake-channel.js';

/** Per-call timeout of the sessions built here, in milliseconds. */
export const TIMEOUT_MS = 30_000;
export const boot16 = { chargePointVendor: 'VendorX', chargePointModel: 'SingleSocketCharger' };
export const bootConf16 = { status: 'Accepted', currentTime: '2024-01-01T00:00:00Z', interval: 300 };

export interface SessionSetup {
  version?: OcppVersion;
  handlers?: HandlerTable<string>;
  /** Validate payloads with the official schemas of `version`. */
  validate?: boolean;
  /** Where the manual clock starts, in milliseconds. */
  start?: number;
  /** Outbound calls that may wait behind the one in flight (default: no bound). */
  maxQueuedCalls?: number;
}

/** An RpcSession over an in-memory channel, driven by a ManualScheduler, with a recording observer. */
export function makeSession({ version = 'ocpp1.6', handlers = {}, validate = false, start = 1000, maxQueuedCalls }: SessionSetup = {}) {
  const channel = new FakeChannel();
  const clock = new ManualScheduler(start);
  const observer = new RecordingObserver();
  const session = new RpcSession<string>(channel, 'CP001', {
    version, handlers, scheduler: clock, callTimeoutMs: TIMEOUT_MS, observer,
    ...(validate ? { validator: validatorFor(version) } : {}),
    ...(maxQueuedCalls === undefined ? {} : { maxQueuedCalls }),
  });
  return { session, channel, clock, observer };
}

/** Follows a promise without letting a rejection go unhandled. */
export function track<T>(promise: Promise<T>) {
  const state: { settled: boolean; value?: T; error?: unknown } = { settled: false };
  promise.then(
    (value) => { state.settled = true; state.value = value; },
    (error: unknown) => { state.settled = true; state.error = error; },
  );
  return state;
}

/** The message id of a sent frame. */
export function idOf(frame: unknown[] | undefined): string {
  const id = frame?.[1];
  assert.equal(typeof id, 'string', 'the frame has a string id');
  return id as string;
}
