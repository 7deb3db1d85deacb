import type { Scheduler } from '../clock/scheduler.js';
import type { Payload } from './frame.js';
import type { SchemaCheck } from './validator.js';
import type { OcppVersion } from './versions.js';

/** What a session needs from a connection: a way to send one text frame. */
export interface Channel {
  /**
   * Sends one text frame: a string, or its UTF-8 bytes (a frame prepared once for many sessions).
   * Returns false when the frame was dropped because the socket is no longer open (void counts as sent).
   */
  send(text: string | Buffer): boolean | void;
}

/** Returned by a handler that must not answer at all (a 1.6 charge point the CSMS Rejected, §4.2). */
export const NO_REPLY: unique symbol = Symbol('no reply');

/** Passed to a handler with each inbound CALL. */
export interface CallContext<Owner> {
  readonly owner: Owner;
  readonly action: string;
  readonly messageId: string;
  /**
   * Runs `fn` right after the CALLRESULT was sent (e.g. StartTransaction after RemoteStartTransaction);
   * `otherwise`, if given, runs instead when no CALLRESULT is sent (a CALLERROR, NO_REPLY, the connection closed).
   */
  afterReply(fn: () => void, otherwise?: () => void): void;
}

/** A place held in a session's outbound queue (RpcSession.reserve) for one CALL. */
export interface ReservedCall {
  /** Sends the CALL, using the place (once); settles like RpcSession.call. */
  send(): Promise<Payload>;
  /** Gives the place back unused; nothing after `send` or a first `release`. */
  release(): void;
}

/** Answers one inbound action: a response payload, NO_REPLY, or a thrown OcppError for a CALLERROR. */
export type Handler<Owner> = (payload: Payload, ctx: CallContext<Owner>) => Payload | typeof NO_REPLY | Promise<Payload | typeof NO_REPLY>;
export type HandlerTable<Owner> = Readonly<Record<string, Handler<Owner>>>;

export type CallOutcome = 'result' | 'error' | 'timeout' | 'closed' | 'invalid';

/**
 * What was wrong with a received frame that settles no call: unparseable, an answer to no call
 * of ours, an answer to a call that already timed out (its timeout was counted), or a failed
 * follow-up of an answered call.
 */
export type FrameProblem = 'unparseable-frame' | 'unknown-id' | 'late-answer' | 'follow-up-failed';

/** Receives every event a session produces: one shared object serves a whole fleet. */
export interface SessionObserver {
  /** `lateByMs` is set for scheduled calls: actual send time minus intended send time. */
  callSent(action: string, lateByMs?: number): void;
  /**
   * `roundTripMs` is CALL sent → CALLRESULT/CALLERROR received (or the timeout/close);
   * `sinceIntendedMs`, for scheduled calls, is intended send time → answer received.
   */
  callSettled(action: string, outcome: CallOutcome, roundTripMs: number, errorCode?: string, sinceIntendedMs?: number): void;
  callReceived(action: string): void;
  /** `handleMs` is CALL received → answer sent; `errorCode` set when a CALLERROR was sent. */
  callAnswered(action: string, handleMs: number, errorCode?: string): void;
  badFrame(reason: string, problem?: FrameProblem): void;
  /** A scheduled call still queued (never sent) when the session drained, `lateByMs` after its intended time. */
  backlogged?(action: string, lateByMs: number): void;
  /** 2.1: a SEND (unconfirmed message) went out. */
  sendSent?(action: string): void;
  /** 2.1: a SEND came in; it is handled and never answered. */
  sendReceived?(action: string): void;
  /** 2.1: the peer refused one of our CALLRESULTs with a CALLRESULTERROR of `code`. */
  resultRefused?(code: string): void;
}

/**
 * How a session behaves, apart from its channel and owner: one object can serve every session
 * of a fleet that speaks the same version (the charge points share it; see session-options.ts).
 */
export interface RpcSessionOptions<Owner> {
  version: OcppVersion;
  handlers: HandlerTable<Owner>;
  scheduler: Scheduler;
  /** Per-call timeout for outbound CALLs, in milliseconds. */
  callTimeoutMs: number;
  /** Payload validation against the official schemas; undefined turns it off. */
  validator?: SchemaCheck;
  /** Outbound CALLs that may wait behind the one in flight; a call past it is refused at once with E_QUEUE_FULL. Default: no bound. */
  maxQueuedCalls?: number;
  observer?: SessionObserver;
  /**
   * Process a CALL whose message id is already being processed instead of refusing it: a
   * misbehaviour of the gateway (`ignore-repeated-ids`), never the default.
   */
  acceptRepeatedIds?: boolean;
}
