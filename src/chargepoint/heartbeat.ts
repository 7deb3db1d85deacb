import type { ChargePoint } from './charge-point.js';

/**
 * (Re)starts `cp`'s heartbeat every `heartbeatIntervalSec` on the shared scheduler, its timer in
 * `cp.heartbeatTimer`. Send times follow a fixed grid whose origin is now (the first is due one
 * interval later), so a late or queued heartbeat does not shift the ones after it, and each
 * carries its intended time for coordinated-omission-corrected latency. When the process was
 * stalled for whole intervals, the slots that passed meanwhile are counted as skipped (a charger
 * sends one heartbeat, not a burst), and the grid goes on from the next slot. A new connection
 * (`cp.generation`) ends it.
 */
export function startHeartbeat(cp: ChargePoint): void {
  stopHeartbeat(cp);
  const { scheduler } = cp.ctx;
  cp.heartbeatGen = cp.generation;
  cp.heartbeatDue = scheduler.now() + cp.heartbeatIntervalSec * 1000;
  cp.heartbeatTimer = scheduler.schedule(cp.heartbeatDue - scheduler.now(), beat, cp);
}

/** One beat of `cp`'s heartbeat: its state is on the charge point, so the timer holds no closure. */
function beat(cp: ChargePoint): void {
  const gen = cp.heartbeatGen;
  if (gen !== cp.generation) return;
  const { scheduler } = cp.ctx;
  const intended = cp.heartbeatDue;
  // Measured from when the wheel was due to run it: its rounding is not the process being late.
  const due = scheduler.firesAt(intended);
  const interval = cp.heartbeatIntervalSec * 1000;
  const missed = Math.floor((scheduler.now() - intended) / interval);
  if (missed > 0) cp.ctx.recorder.scheduleSkipped('Heartbeat', missed);
  cp.heartbeatDue = intended + (Math.max(0, missed) + 1) * interval;
  cp.heartbeatTimer = scheduler.schedule(cp.heartbeatDue - scheduler.now(), beat, cp);
  if (cp.state === 'accepted') {
    cp.call('Heartbeat', {}, due).catch((error: Error) => {
      if (gen === cp.generation) cp.ctx.recorder.noteError(cp.id, `Heartbeat: ${error.message}`);
    });
  }
}

/** Stops `cp`'s heartbeat. */
export function stopHeartbeat(cp: ChargePoint): void {
  cp.heartbeatTimer?.cancel();
  cp.heartbeatTimer = null;
}
