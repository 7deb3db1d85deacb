import { RpcSession } from '../protocol/rpc-session.js';
import { BACKLOG_REASON } from '../transport/connection.js';
import type { TransportError } from '../transport/errors.js';
import type { ChargePoint } from './charge-point.js';
import { endDeviceJobs } from './device-jobs.js';
import { abandonQueue } from './offline-link.js';
import { runScenario } from './scenario/runner.js';
import { carryOffline } from './scenario/run-offline.js';
import { sessionOptionsFor } from './session-options.js';
import { endEventStreams } from './v21/event-streams.js';

// A charge point's side of its connection, the states it goes through (connecting, booting,
// accepted, backoff or offline, closed, gave-up): how it starts, cuts, drops and ends the
// connection (ChargePoint's start, goOffline, reconnect, stop, drain, retire) and what it does
// as the connection opens, boots, closes, fails or backs off (its ConnectionListener methods and
// `booted`). The state they use is on the charge point, so nothing here holds a closure per
// charge point.

/** Starts connecting; resolves when the first attempt opened or failed. Also starts a charge point again after a stop or a retirement. */
export function startLink(cp: ChargePoint): Promise<void> {
  cp.retiring = false;
  cp.startedAt = cp.ctx.scheduler.now();
  cp.setState('connecting');
  return cp.connection.start();
}

/** An attempt starts: the offline hold is over. */
export function linkConnecting(cp: ChargePoint): void {
  cp.offlineHold = false;
  cp.ctx.attempting?.();
  if (cp.state !== 'closed') cp.setState('connecting');
}

/** The upgrade succeeded: counts the socket, opens a new RPC session on it and runs the scenario from the top. */
export function linkOpened(cp: ChargePoint, connectMs: number): void {
  cp.ctx.socketsChanged(1);
  cp.ctx.recorder.connected(connectMs, cp.everConnected);
  if (!cp.everConnected) {
    cp.everConnected = true;
    cp.ctx.firstConnect();
    if (cp.localFailure) {
      cp.localFailure = false;
      cp.ctx.localFailure(-1);
    }
  }
  cp.generation++;
  cp.session = new RpcSession<ChargePoint>(cp.traced ? tracingChannel(cp) : cp.connection, cp, sessionOptionsFor(cp.ctx, cp.profile));
  cp.setState('booting');
  void runScenario(cp, cp.generation);
}

/** The session's channel of a traced charge point: each frame sent is recorded first. */
function tracingChannel(cp: ChargePoint): { send(text: string): boolean } {
  return {
    send: (text) => {
      cp.ctx.tracer?.record(cp.id, 'out', text);
      return cp.connection.send(text);
    },
  };
}

/** Marks the boot Accepted and runs what waited for it; the first time, records the time since the first connect attempt. */
export function linkBooted(cp: ChargePoint): void {
  cp.setState('accepted');
  cp.ctx.bootAccepted?.(cp.index);
  const waiters = cp.bootWaiters;
  cp.bootWaiters = null;
  for (const fn of waiters ?? []) fn();
  if (!cp.everBooted) {
    cp.everBooted = true;
    cp.ctx.firstBoot();
    cp.ctx.recorder.bootAnswered('Accepted', cp.ctx.scheduler.now() - cp.startedAt);
  } else cp.ctx.recorder.bootAnswered('Accepted', null);
}

/** The open connection ended: the session and its calls end, the charge point waits offline or backs off (or stops, when draining). */
export function linkClosed(cp: ChargePoint, code: number, reason: string): void {
  cp.ctx.socketsChanged(-1);
  // Closes the run, the scenario or the charge point itself asked for (Reset, a firmware reboot) are not disconnects.
  if (cp.state !== 'closed' && !cp.cutting) cp.ctx.recorder.disconnected(code);
  cp.cutting = false;
  if (reason.startsWith(BACKLOG_REASON)) {
    cp.ctx.recorder.peerNotReading();
    cp.ctx.recorder.noteError(cp.id, reason);
  }
  cp.generation++;
  // A scenario that keeps running offline moves to the new generation before the calls in flight fail.
  carryOffline(cp);
  cp.gate?.open();
  cp.stopHeartbeat();
  endEventStreams(cp);
  cp.session?.close(`connection closed (${code}${reason ? ` ${reason}` : ''})`);
  cp.session = null;
  if (cp.draining) cp.stop();
  else if (cp.state !== 'closed') cp.setState(cp.offlineHold ? 'offline' : 'backoff');
}

/** A connection attempt failed: noted, counted as a local failure while it never connected, and fatal ones give up. */
export function linkFailed(cp: ChargePoint, error: TransportError): void {
  cp.lastError = error.message;
  cp.ctx.recorder.connectFailed(error.label);
  if (!cp.everConnected && error.local !== cp.localFailure) {
    cp.localFailure = error.local;
    cp.ctx.localFailure(error.local ? 1 : -1);
  }
  cp.ctx.recorder.noteError(cp.id, error.message);
  cp.ctx.connectFailed(cp.id, error);
  if (error.fatal) cp.setState('gave-up');
}

/** A retry is scheduled: shown as `offline` during the scenario's own offline hold, `backoff` otherwise. */
export function linkBackingOff(cp: ChargePoint): void {
  if (cp.state !== 'closed' && cp.state !== 'gave-up') cp.setState(cp.offlineHold ? 'offline' : 'backoff');
}

/**
 * Goes offline without closing politely (a cut cable, a dead modem): the socket is dropped
 * with no closing handshake and no reconnect is tried for `ms`; then the charge point
 * reconnects after its back-off as after any lost connection.
 */
export function cutLink(cp: ChargePoint, ms: number): void {
  cp.cutting = cp.session !== null;
  cp.offlineHold = true;
  cp.connection.cut(ms);
}

/** Drops the connection so that it reconnects and boots again; `bootReason` words that boot (2.0.1). */
export function dropLink(cp: ChargePoint, reason: string, bootReason: string): void {
  cp.bootReason = bootReason;
  cp.cutting = cp.session !== null;
  cp.connection.drop(1000, reason);
}

/** Closes `cp`'s connection for good and stops every timer of it. */
export function stopLink(cp: ChargePoint): void {
  if (cp.state === 'idle') return;
  cp.stopHeartbeat();
  endEventStreams(cp);
  endDeviceJobs(cp);
  cp.bootWaiters = null;
  cp.generation++;
  cp.connection.stop();
  cp.gate?.open();
  cp.session?.close('run finished');
  cp.session = null;
  abandonQueue(cp);
  cp.offlineHold = false;
  if (cp.state !== 'gave-up') cp.setState('closed');
}

/**
 * The start of a graceful stop: the scenario and the heartbeat end, queued calls are dropped,
 * and the call in flight (if any) may still get its answer. The socket stays open; `stop`
 * ends it (the fleet stops those with no call in flight right after, in slices).
 */
export function drainLink(cp: ChargePoint): void {
  if (cp.state === 'idle' || cp.draining) return;
  cp.draining = true;
  cp.stopHeartbeat();
  cp.generation++;
  cp.session?.drain();
}

/**
 * Leaves politely (a stage's ramp-down): the scenario and heartbeat stop, every transaction
 * in progress is stopped (reason Local, as a driver ending the session would), then the
 * socket closes with 1000. Resolves when closed; a `start` in between keeps it running.
 */
export async function retireLink(cp: ChargePoint): Promise<void> {
  if (cp.state === 'idle' || cp.state === 'closed' || cp.state === 'gave-up') return;
  cp.retiring = true;
  cp.stopHeartbeat();
  cp.generation++;
  if (cp.session && cp.transactions) {
    for (let connector = 1; connector < cp.transactions.length; connector++) {
      if (!cp.transactions[connector]) continue;
      await cp.profile.stopTransaction(cp, connector, 'Local').catch((error: Error) => cp.ctx.recorder.noteError(cp.id, `stopping the transaction on ${connector}: ${error.message}`));
    }
  }
  if (cp.retiring) cp.stop();
}
