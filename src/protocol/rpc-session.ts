import type { Timer } from '../clock/scheduler.js';
import { answerCall, sendError, type InboundHost } from './answer-inbound.js';
import { replyForBadFrame } from './error-policy.js';
import { takeSend } from './send-inbound.js';
import { OcppError, RpcError, kindOfErrorCode } from './errors.js';
import {
  CALL, CALLERROR, CALLRESULTERROR, SEND, parseFrame, serializeFrame,
  type CallErrorFrame, type CallResultFrame, type Payload,
} from './frame.js';
import { nextMessageId, type PreparedCall } from './prepared-call.js';
import type { Channel, ReservedCall, RpcSessionOptions } from './session-types.js';
import { versionSpec, type OcppVersion } from './versions.js';

export { NO_REPLY } from './session-types.js';
export type { CallContext, CallOutcome, Channel, FrameProblem, Handler, HandlerTable, ReservedCall, RpcSessionOptions, SessionObserver } from './session-types.js';

/** How many timed-out message ids a session remembers, to tell a late answer from an unknown id. */
const REMEMBERED_TIMEOUTS = 4;

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
export class RpcSession<Owner> implements InboundHost<Owner> {
  readonly version: OcppVersion;
  /** Where frames go, and whom handlers act for; read by the inbound-call module too. */
  readonly channel: Channel;
  readonly owner: Owner;
  /** The session's options; read by the inbound-call module, not for other use. */
  readonly opts: RpcSessionOptions<Owner>;
  /** The message types the version defines (registry row): 5 and 6 only in 2.1. */
  private readonly messageTypes: readonly number[];
  private inFlight: Pending | null = null;
  private queue: Pending[] | null = null;
  /** Queue places held by `reserve`, neither used nor released yet. */
  private reserved = 0;
  /** Inbound CALL ids being processed (see answer-inbound.ts). */
  answering: Set<string> | null = null;
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

  /** The timeout check of `session` (static: a scheduled check holds no closure per session). */
  private static checkTimeout<O>(session: RpcSession<O>): void {
    session.timeoutCheck = null;
    const pending = session.inFlight;
    if (!pending || session.closed) return;
    const left = pending.sentAt + session.opts.callTimeoutMs - session.opts.scheduler.now();
    if (left > 0) session.timeoutCheck = session.opts.scheduler.schedule(left, RpcSession.checkTimeout, session);
    else session.timeOut(pending);
  }

  constructor(channel: Channel, owner: Owner, opts: RpcSessionOptions<Owner>) {
    this.channel = channel;
    this.owner = owner;
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

  /**
   * Why `call(action, payload)` would be refused now (connection closed or stopping, queue full, payload invalid), or undefined.
   * A place held by `reserve` counts as taken: one call in flight plus maxQueuedCalls waiting or held.
   */
  refusal(action: string, payload: Payload): Error | undefined {
    if (this.closed || this.draining) return new RpcError('E_CLOSED', `connection ${this.closed ? 'closed' : 'stopping'} before ${action} was sent`);
    const { validator, maxQueuedCalls } = this.opts;
    if (maxQueuedCalls !== undefined && (this.inFlight ? 1 : 0) + this.queued + this.reserved > maxQueuedCalls) {
      return new RpcError('E_QUEUE_FULL', `${maxQueuedCalls} calls already wait behind the one in flight: ${action} was not queued`);
    }
    try {
      validator?.validate(action, 'req', payload);
    } catch (error) {
      return error as Error;
    }
    return undefined;
  }

  /**
   * Holds a place now for `call(action, payload)` made later (after the answer that promised it):
   * while held it counts against maxQueuedCalls, so every reservation can be sent. Returns why
   * not (as `refusal`) or the reservation.
   */
  reserve(action: string, payload: Payload): ReservedCall | Error {
    const refused = this.refusal(action, payload);
    if (refused) return refused;
    this.reserved++;
    let held = true;
    const release = (): void => {
      if (!held) return;
      held = false;
      this.reserved--;
    };
    return { send: () => { release(); return this.call(action, payload); }, release };
  }

  private enqueue(action: string, payload: Payload, intendedAt: number | undefined, prepared: PreparedCall | undefined): Promise<Payload> {
    const refused = this.refusal(action, payload);
    if (refused) return Promise.reject(refused);
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
    if (this.channel.send(serializeFrame({ type: SEND, id: nextMessageId(), action, payload })) === false) return false;
    this.opts.observer?.sendSent?.(action);
    return true;
  }

  /** Feeds one received text frame into the session. */
  receive(text: string): void {
    const parsed = parseFrame(text, this.messageTypes);
    if (!parsed.ok) {
      this.opts.observer?.badFrame(parsed.problem.reason, 'unparseable-frame');
      const reply = replyForBadFrame(this.version, parsed.problem);
      if (reply) sendError(this, reply.id, new OcppError(reply.kind, parsed.problem.reason));
      return;
    }
    const frame = parsed.frame;
    switch (frame.type) {
      case CALL: void answerCall(this, frame); break;
      case SEND: takeSend(frame, this.owner, this.opts); break;
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
    if (this.channel.send(frame) === false) {
      // The socket is already closing: the frame never left, so it is neither counted as sent nor timed.
      this.advance();
      pending.reject(new RpcError('E_CLOSED', `connection closing: ${pending.action} was not sent`));
      return;
    }
    pending.sentAt = scheduler.now() || Number.MIN_VALUE;
    this.timeoutCheck ??= scheduler.schedule(callTimeoutMs, RpcSession.checkTimeout, this);
    this.opts.observer?.callSent(pending.action, pending.intendedAt === undefined ? undefined : pending.sentAt - pending.intendedAt);
  }

  private timeOut(pending: Pending): void {
    const ids = (this.timedOut ??= []);
    if (ids.length >= REMEMBERED_TIMEOUTS) ids.shift();
    ids.push(pending.id);
    this.opts.observer?.callSettled(pending.action, 'timeout', this.opts.scheduler.now() - pending.sentAt);
    this.advance();
    pending.reject(new RpcError('E_CALL_TIMEOUT', `${pending.action} got no answer within ${this.opts.callTimeoutMs} ms`));
  }

  /**
   * Clears the in-flight slot and sends the next queued call; the caller settles the finished
   * one right after (no closure per call: this runs once per message).
   */
  private advance(): void {
    this.inFlight = null;
    const next = this.queue?.shift();
    if (next && !this.closed) this.send(next);
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
      this.advance();
      pending.reject(new OcppError(kindOfErrorCode(frame.code), frame.description, frame.details, frame.code));
      return;
    }
    if (validator) {
      try {
        validator.validate(pending.action, 'conf', frame.payload);
      } catch (error) {
        observer?.callSettled(pending.action, 'invalid', elapsed);
        const reason = error instanceof Error ? error.message : String(error);
        // 2.1 tells the peer its CALLRESULT was refused (OCPP-J 2.1 §4.2.5); earlier versions stay silent.
        if (this.messageTypes.includes(CALLRESULTERROR) && error instanceof OcppError) sendError(this, frame.id, error, undefined, undefined, CALLRESULTERROR);
        this.advance();
        pending.reject(new RpcError('E_INVALID_RESPONSE', `invalid ${pending.action} response: ${reason}`));
        return;
      }
    }
    observer?.callSettled(pending.action, 'result', elapsed, undefined, sinceIntended);
    this.advance();
    pending.resolve(frame.payload);
  }
}
