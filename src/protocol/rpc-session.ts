import type { Scheduler, Timer } from '../clock/scheduler.js';
import { replyForBadFrame } from './error-policy.js';
import { takeSend } from './send-inbound.js';
import { OcppError, RpcError, kindOfErrorCode } from './errors.js';
import {
  CALL, CALLERROR, CALLRESULT, CALLRESULTERROR, SEND, parseFrame, serializeFrame,
  type CallErrorFrame, type CallFrame, type CallResultFrame, type Payload,
} from './frame.js';
import { nextMessageId, type PreparedCall } from './prepared-call.js';
import type { SchemaCheck } from './validator.js';
import { versionSpec, type OcppVersion } from './versions.js';

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
  /** Runs `fn` right after the CALLRESULT was sent (e.g. StartTransaction after RemoteStartTransaction). */
  afterReply(fn: () => void): void;
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

/** How many timed-out message ids a session remembers, to tell a late answer from an unknown id. */
const REMEMBERED_TIMEOUTS = 4;

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

export interface RpcSessionOptions<Owner> {
  version: OcppVersion;
  channel: Channel;
  owner: Owner;
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

interface Pending {
  id: string;
  action: string;
  payload: Payload;
  /** The frame, when it was serialised once for many sessions. */
  frame: Buffer | undefined;
  resolve: (payload: Payload) => void;
  reject: (error: Error) => void;
  sentAt: number;
  /** When a scheduled call was meant to be sent (scheduler time), or undefined. */
  intendedAt: number | undefined;
}

/**
 * The OCPP-J RPC engine, shared by the charge point and the gateway. Guarantees: at most one
 * outbound CALL in flight (OCPP-J 1.6 §4.1.1), later calls wait in order; inbound CALLs are
 * answered while an outbound CALL is pending; every outbound call settles exactly once
 * (result, CallError, timeout, invalid answer, or close); responses with unknown ids are dropped.
 */
export class RpcSession<Owner> {
  readonly version: OcppVersion;
  private readonly opts: RpcSessionOptions<Owner>;
  /** The message types the version defines (registry row): 5 and 6 only in 2.1. */
  private readonly messageTypes: readonly number[];
  private inFlight: Pending | null = null;
  private queue: Pending[] | null = null;
  private answering: Set<string> | null = null;
  /** Ids of the last few calls that timed out (bounded), so their late answers are told apart. */
  private timedOut: string[] | null = null;
  private closed = false;
  private draining = false;
  /**
   * The one timeout check of this session. Calls go one at a time, so instead of a timer per
   * call the session keeps at most one scheduled check: when it runs before the call in flight is
   * due (that call was sent after the one the check was armed for), it re-arms for the rest.
   */
  private timeoutCheck: Timer | null = null;
  private readonly checkTimeout = (): void => {
    this.timeoutCheck = null;
    const pending = this.inFlight;
    if (!pending || this.closed) return;
    const left = pending.sentAt + this.opts.callTimeoutMs - this.opts.scheduler.now();
    if (left > 0) this.timeoutCheck = this.opts.scheduler.schedule(left, this.checkTimeout);
    else this.timeOut(pending);
  };

  constructor(opts: RpcSessionOptions<Owner>) {
    this.opts = opts;
    this.version = opts.version;
    this.messageTypes = versionSpec(opts.version).messageTypes;
  }

  /** The message id of the outbound CALL awaiting its answer, if any. */
  get awaiting(): string | undefined {
    return this.inFlight?.id;
  }

  /** True once `close` was called: no more calls are sent. */
  get isClosed(): boolean {
    return this.closed;
  }

  /**
   * Sends a CALL and resolves with the CALLRESULT payload; rejects with OcppError or RpcError.
   * `intendedAt` (scheduler time) marks a scheduled call, so its latency is also measured from
   * when it was meant to leave: queueing behind another call is not hidden (coordinated omission).
   */
  call(action: string, payload: Payload, intendedAt?: number): Promise<Payload> {
    return this.enqueue(action, payload, intendedAt, undefined);
  }

  /** Sends a CALL serialised by prepareCall; settles like `call`. */
  callPrepared(prepared: PreparedCall): Promise<Payload> {
    return this.enqueue(prepared.action, prepared.payload, undefined, prepared);
  }

  /** Outbound calls waiting behind the one in flight. */
  get queued(): number {
    return this.queue?.length ?? 0;
  }

  private enqueue(action: string, payload: Payload, intendedAt: number | undefined, prepared: PreparedCall | undefined): Promise<Payload> {
    if (this.closed || this.draining) return Promise.reject(new RpcError('E_CLOSED', `connection ${this.closed ? 'closed' : 'stopping'} before ${action} was sent`));
    const { validator, maxQueuedCalls } = this.opts;
    if (this.inFlight && maxQueuedCalls !== undefined && this.queued >= maxQueuedCalls) {
      return Promise.reject(new RpcError('E_QUEUE_FULL', `${maxQueuedCalls} calls already wait behind the one in flight: ${action} was not queued`));
    }
    if (validator) {
      try {
        validator.validate(action, 'req', payload);
      } catch (error) {
        return Promise.reject(error);
      }
    }
    return new Promise<Payload>((resolve, reject) => {
      const pending: Pending = { id: prepared?.id ?? nextMessageId(), action, payload, frame: prepared?.frame, resolve, reject, sentAt: 0, intendedAt };
      if (this.inFlight) (this.queue ??= []).push(pending);
      else this.send(pending);
    });
  }

  /**
   * Sends a SEND (OCPP-J 2.1 §4.2.6): an unconfirmed message, outside the one-CALL-at-a-time
   * rule since nothing answers it. Returns false when the socket dropped it. Throws OcppError
   * when the version has no SEND or the payload breaks its schema, RpcError E_CLOSED when closed.
   */
  sendUnconfirmed(action: string, payload: Payload): boolean {
    if (!this.messageTypes.includes(SEND)) throw new OcppError('MessageTypeNotSupported', `${this.version} has no SEND message`);
    if (this.closed) throw new RpcError('E_CLOSED', `connection closed before ${action} was sent`);
    this.opts.validator?.validate(action, 'req', payload);
    if (this.opts.channel.send(serializeFrame({ type: SEND, id: nextMessageId(), action, payload })) === false) return false;
    this.opts.observer?.sendSent?.(action);
    return true;
  }

  /** Feeds one received text frame into the session. */
  receive(text: string): void {
    const parsed = parseFrame(text, this.messageTypes);
    if (!parsed.ok) {
      this.opts.observer?.badFrame(parsed.problem.reason, 'unparseable-frame');
      const reply = replyForBadFrame(this.version, parsed.problem);
      if (reply) this.sendError(reply.id, new OcppError(reply.kind, parsed.problem.reason));
      return;
    }
    const frame = parsed.frame;
    switch (frame.type) {
      case CALL: void this.answer(frame); break;
      case SEND: takeSend(frame, this.opts); break;
      // A response to our response: counted, never answered (OCPP-J 2.1 §4.2.5).
      case CALLRESULTERROR: this.opts.observer?.resultRefused?.(frame.code); break;
      default: this.settle(frame);
    }
  }

  /** True while an outbound CALL waits for its answer. */
  get awaitingAnswer(): boolean {
    return this.inFlight !== null;
  }

  /**
   * The start of a graceful stop: queued calls (never sent) are rejected with E_CLOSED and new
   * ones refused, while the call in flight may still get its answer (or time out); inbound
   * CALLs are still answered. `close` ends it.
   */
  drain(): void {
    this.draining = true;
    const queued = this.queue ?? [];
    this.queue = null;
    const now = this.opts.scheduler.now();
    for (const pending of queued) if (pending.intendedAt !== undefined) this.opts.observer?.backlogged?.(pending.action, now - pending.intendedAt);
    for (const pending of queued) pending.reject(new RpcError('E_CLOSED', `run stopping: ${pending.action} was not sent`));
  }

  /** Rejects the call in flight and every queued call with E_CLOSED; idempotent. */
  close(reason = 'connection closed'): void {
    if (this.closed) return;
    this.closed = true;
    const waiting = this.inFlight ? [this.inFlight, ...(this.queue ?? [])] : (this.queue ?? []);
    this.inFlight = null;
    this.queue = null;
    this.timeoutCheck?.cancel();
    this.timeoutCheck = null;
    const now = this.opts.scheduler.now();
    for (const pending of waiting) {
      if (pending.sentAt > 0) this.opts.observer?.callSettled(pending.action, 'closed', now - pending.sentAt);
      pending.reject(new RpcError('E_CLOSED', `${reason} while ${pending.action} was ${pending.sentAt > 0 ? 'waiting for its answer' : 'queued'}`));
    }
  }

  private send(pending: Pending): void {
    this.inFlight = pending;
    const { scheduler, callTimeoutMs } = this.opts;
    const frame = pending.frame ?? serializeFrame({ type: CALL, id: pending.id, action: pending.action, payload: pending.payload });
    if (this.opts.channel.send(frame) === false) {
      // The socket is already closing: the frame never left, so it is neither counted as sent nor timed.
      this.finish(() => pending.reject(new RpcError('E_CLOSED', `connection closing: ${pending.action} was not sent`)));
      return;
    }
    pending.sentAt = scheduler.now() || Number.MIN_VALUE;
    this.timeoutCheck ??= scheduler.schedule(callTimeoutMs, this.checkTimeout);
    this.opts.observer?.callSent(pending.action, pending.intendedAt === undefined ? undefined : pending.sentAt - pending.intendedAt);
  }

  private timeOut(pending: Pending): void {
    const ids = (this.timedOut ??= []);
    if (ids.length >= REMEMBERED_TIMEOUTS) ids.shift();
    ids.push(pending.id);
    this.opts.observer?.callSettled(pending.action, 'timeout', this.opts.scheduler.now() - pending.sentAt);
    this.finish(() => pending.reject(new RpcError('E_CALL_TIMEOUT', `${pending.action} got no answer within ${this.opts.callTimeoutMs} ms`)));
  }

  /** Clears the in-flight slot, sends the next queued call, then settles the finished one. */
  private finish(settle: () => void): void {
    this.inFlight = null;
    const next = this.queue?.shift();
    if (next && !this.closed) this.send(next);
    settle();
  }

  private settle(frame: CallResultFrame | CallErrorFrame): void {
    const pending = this.inFlight;
    if (!pending || pending.id !== frame.id) {
      // A response to no call of ours (unknown id, or one that already timed out): never answered (§4.1.4).
      const late = this.timedOut?.includes(frame.id) ?? false;
      this.opts.observer?.badFrame(`${late ? 'late answer to' : 'response with unknown'} message id ${JSON.stringify(frame.id)}`, late ? 'late-answer' : 'unknown-id');
      return;
    }
    const now = this.opts.scheduler.now();
    const elapsed = now - pending.sentAt;
    const sinceIntended = pending.intendedAt === undefined ? undefined : now - pending.intendedAt;
    const { observer, validator } = this.opts;
    if (frame.type === CALLERROR) {
      observer?.callSettled(pending.action, 'error', elapsed, frame.code, sinceIntended);
      this.finish(() => pending.reject(new OcppError(kindOfErrorCode(frame.code), frame.description, frame.details, frame.code)));
      return;
    }
    if (validator) {
      try {
        validator.validate(pending.action, 'conf', frame.payload);
      } catch (error) {
        observer?.callSettled(pending.action, 'invalid', elapsed);
        const reason = error instanceof Error ? error.message : String(error);
        // 2.1 tells the peer its CALLRESULT was refused (OCPP-J 2.1 §4.2.5); earlier versions stay silent.
        if (this.messageTypes.includes(CALLRESULTERROR) && error instanceof OcppError) this.sendError(frame.id, error, undefined, undefined, CALLRESULTERROR);
        this.finish(() => pending.reject(new RpcError('E_INVALID_RESPONSE', `invalid ${pending.action} response: ${reason}`)));
        return;
      }
    }
    observer?.callSettled(pending.action, 'result', elapsed, undefined, sinceIntended);
    this.finish(() => pending.resolve(frame.payload));
  }

  private async answer(frame: CallFrame): Promise<void> {
    const { observer, validator, handlers, scheduler } = this.opts;
    const receivedAt = scheduler.now();
    observer?.callReceived(frame.action);
    if (this.answering?.has(frame.id) && !this.opts.acceptRepeatedIds) {
      this.sendError(frame.id, new OcppError('RpcFrameworkError', `already processing a call with message id ${frame.id}`), frame.action, receivedAt);
      return;
    }
    (this.answering ??= new Set()).add(frame.id);
    let after: Array<() => void> | null = null;
    try {
      validator?.validate(frame.action, 'req', frame.payload);
      const handler = Object.hasOwn(handlers, frame.action) ? handlers[frame.action] : undefined;
      if (!handler) {
        const known = validator ? validator.actions.has(frame.action) : false;
        throw known
          ? new OcppError('NotSupported', `${frame.action} is not supported`)
          : new OcppError('NotImplemented', `unknown action '${frame.action}'`);
      }
      const ctx: CallContext<Owner> = {
        owner: this.opts.owner, action: frame.action, messageId: frame.id,
        afterReply: (fn) => { (after ??= []).push(fn); },
      };
      const response = await handler(frame.payload, ctx);
      if (response === NO_REPLY) return;
      if (typeof response !== 'object' || response === null || Array.isArray(response)) {
        throw new OcppError('InternalError', `the ${frame.action} handler produced no response object`);
      }
      if (validator) {
        try {
          validator.validate(frame.action, 'conf', response);
        } catch (error) {
          throw new OcppError('InternalError', `our ${frame.action} response failed validation: ${(error as Error).message}`);
        }
      }
      if (this.closed) return;
      if (this.opts.channel.send(serializeFrame({ type: CALLRESULT, id: frame.id, payload: response })) !== false) {
        observer?.callAnswered(frame.action, scheduler.now() - receivedAt);
      }
    } catch (error) {
      const ocppError = error instanceof OcppError ? error : new OcppError('InternalError', error instanceof Error ? error.message : String(error));
      this.sendError(frame.id, ocppError, frame.action, receivedAt);
      return;
    } finally {
      this.answering?.delete(frame.id);
    }
    // Follow-ups run after the CALLRESULT is on the wire; their failures are theirs, not this call's.
    if (after) {
      for (const fn of after as Array<() => void>) {
        try {
          fn();
        } catch (error) {
          observer?.badFrame(`${frame.action} follow-up failed: ${(error as Error).message}`, 'follow-up-failed');
        }
      }
    }
  }

  private sendError(id: string, error: OcppError, action?: string, receivedAt?: number, type: typeof CALLERROR | typeof CALLRESULTERROR = CALLERROR): void {
    if (this.closed) return;
    const code = error.codeFor(this.version);
    const sent = this.opts.channel.send(serializeFrame({ type, id, code, description: error.message.slice(0, 255), details: error.details }));
    if (sent !== false && action !== undefined && receivedAt !== undefined) this.opts.observer?.callAnswered(action, this.opts.scheduler.now() - receivedAt, code);
  }
}
