import { basename } from 'node:path';
import { RpcError } from '../protocol/errors.js';
import type { Payload } from '../protocol/frame.js';
import type { ChargePoint } from './charge-point.js';
import type { Step } from './scenario.js';

/** Resolves after `ms` on the fleet's shared scheduler; true while the connection `gen` is still current. */
function sleep(cp: ChargePoint, ms: number, gen: number): Promise<boolean> {
  return new Promise((resolve) => {
    cp.ctx.scheduler.schedule(ms, () => resolve(cp.generation === gen));
  });
}

/** True when the error means this connection is gone, so the scenario must stop. */
function isClosed(error: unknown): boolean {
  return error instanceof RpcError && error.code === 'E_CLOSED';
}

/**
 * Sends BootNotification until Accepted (OCPP 1.6 §4.2): on Pending or Rejected waits the
 * answer's `interval` (or `bootRetrySec` when 0), on a failed call waits `bootRetrySec`.
 * Returns false when the connection `gen` ended first.
 */
async function boot(cp: ChargePoint, step: Step, gen: number): Promise<boolean> {
  while (cp.generation === gen) {
    cp.setState('booting');
    let waitSec = cp.ctx.bootRetrySec;
    try {
      const answer = await cp.call('BootNotification', cp.profile.bootRequest(cp.scenario.chargePoint, 'PowerUp'));
      if (cp.generation !== gen) return false;
      cp.ctx.recorder.stepChecked(stepKey(cp, step), cp.id);
      const status = String(answer.status);
      const interval = typeof answer.interval === 'number' ? answer.interval : 0;
      if (status === 'Accepted') {
        if (interval > 0) cp.heartbeatIntervalSec = interval;
        cp.booted();
        return true;
      }
      cp.ctx.recorder.bootAnswered(status, null);
      cp.setState(status === 'Pending' ? 'pending' : 'rejected');
      if (interval > 0) waitSec = interval;
    } catch (error) {
      if (isClosed(error)) return false;
      cp.lastError = (error as Error).message;
      cp.ctx.recorder.stepChecked(stepKey(cp, step), cp.id, `BootNotification: ${(error as Error).message}`);
    }
    if (!(await sleep(cp, waitSec * 1000, gen))) return false;
  }
  return false;
}

/** The key a step's checks are counted under: `file:line type`. */
function stepKey(cp: ChargePoint, step: Step): string {
  return `${basename(cp.scenario.file)}:${step.line} ${step.type}`;
}

/**
 * Sends one CALL of a step and checks that it got a CALLRESULT: a CallError, a timeout or an
 * invalid answer is a failed check of that step, recorded with the charge point id; the
 * scenario goes on. Returns false only when the connection is gone.
 */
async function send(cp: ChargePoint, step: Step, action: string, payload: Payload): Promise<boolean> {
  try {
    await cp.call(action, payload);
    cp.ctx.recorder.stepChecked(stepKey(cp, step), cp.id);
    return true;
  } catch (error) {
    if (isClosed(error)) return false;
    cp.lastError = (error as Error).message;
    cp.ctx.recorder.stepChecked(stepKey(cp, step), cp.id, `${action}: ${(error as Error).message}`);
    return true;
  }
}

async function runStep(cp: ChargePoint, step: Step, gen: number): Promise<boolean> {
  switch (step.type) {
    case 'boot':
      return boot(cp, step, gen);
    case 'statusNotification': {
      const connectors = step.connector === 'all' ? cp.connectorStatus.map((_, i) => i) : [step.connector];
      for (const connectorId of connectors) {
        // Connector 0 may only report Available, Unavailable or Faulted (OCPP 1.6 §4.9).
        const status = connectorId === 0 && !['Available', 'Unavailable', 'Faulted'].includes(step.status) ? 'Available' : step.status;
        cp.connectorStatus[connectorId] = status;
        if (!(await send(cp, step, 'StatusNotification', cp.profile.statusRequest(connectorId, status, step.errorCode)))) return false;
        if (cp.generation !== gen) return false;
      }
      return true;
    }
    case 'heartbeat':
      cp.startHeartbeat();
      return true;
    case 'wait':
      return sleep(cp, step.ms, gen);
    case 'call':
      return send(cp, step, step.action, step.payload);
  }
}

/**
 * Runs the scenario's steps in order for the connection `gen`; stops quietly when that
 * connection ends (the next connection starts again from the first step). Never throws:
 * a step's failure is recorded and the charge point carries on.
 */
export async function runScenario(cp: ChargePoint, gen: number): Promise<void> {
  try {
    for (const step of cp.scenario.steps) {
      if (cp.generation !== gen) return;
      if (!(await runStep(cp, step, gen))) return;
    }
  } catch (error) {
    cp.ctx.recorder.error('scenario-crash');
    cp.lastError = `scenario step failed: ${(error as Error).message}`;
  }
}
