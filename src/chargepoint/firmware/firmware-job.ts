import type { Timer } from '../../clock/scheduler.js';
import type { Payload } from '../../protocol/frame.js';
import type { ChargePoint } from '../charge-point.js';
import { firmwarePlan, versionOfLocation, type FirmwareRequest, type FirmwareStep } from './plan.js';
import { download, firmwarePrng, firmwareSettingsOf } from './transfer.js';

/** What a running update needs beyond its plan. */
export interface FirmwareJobRequest extends FirmwareRequest {
  location: string;
  /** 2.0.1 requestId, carried in every FirmwareStatusNotification; undefined in 1.6. */
  requestId?: number;
  /** Download attempts after the first one fails, `retryIntervalMs` apart (bounded by retryOf in plan.ts). */
  retries: number;
  retryIntervalMs: number;
}

/** How often an update waiting for transactions to end looks again, in ms. */
const IDLE_POLL_MS = 1000;

/** One firmware update in progress on one charge point. */
class FirmwareJob {
  cancelled = false;
  /** The last status sent, for TriggerMessage(FirmwareStatusNotification). */
  status = 'Idle';
  private timer: Timer | null = null;
  private readonly aborter = new AbortController();
  private wake: (() => void) | null = null;

  constructor(readonly cp: ChargePoint, readonly request: FirmwareJobRequest) {}

  cancel(): void {
    this.cancelled = true;
    this.aborter.abort();
    this.timer?.cancel();
    this.wake?.();
  }

  /** Waits `ms` on the charge point's scheduler; false when cancelled meanwhile. */
  private sleep(ms: number): Promise<boolean> {
    return new Promise((resolve) => {
      this.wake = () => resolve(false);
      this.timer = this.cp.ctx.scheduler.schedule(Math.max(0, ms), () => { this.wake = null; resolve(!this.cancelled); });
    });
  }

  private async notify(status: string): Promise<void> {
    this.status = status;
    this.cp.ctx.recorder.firmwareStatus(status);
    const payload: Payload = { status };
    if (this.request.requestId !== undefined) payload.requestId = this.request.requestId;
    await this.cp.call('FirmwareStatusNotification', payload).catch((error: Error) => {
      // A run that stops the charge point cancels the update: its last notification is not an error.
      if (!this.cancelled) this.cp.ctx.recorder.noteError(this.cp.id, `FirmwareStatusNotification ${status}: ${error.message}`);
    });
  }

  private async downloaded(): Promise<boolean> {
    const settings = firmwareSettingsOf(this.cp);
    for (let attempt = 0; attempt <= this.request.retries; attempt++) {
      if (attempt > 0 && !(await this.sleep(this.request.retryIntervalMs))) return false;
      try {
        await download(this.cp, this.request.location, settings, this.aborter.signal);
        return true;
      } catch (error) {
        if (this.cancelled) return false;
        this.cp.ctx.recorder.noteError(this.cp.id, `firmware download: ${(error as Error).message}`);
      }
    }
    return false;
  }

  /** Runs one step; false ends the update. */
  private async step(step: FirmwareStep): Promise<boolean> {
    switch (step.kind) {
      case 'status': await this.notify(step.status); return true;
      case 'until': return this.sleep(step.at - Date.now());
      case 'delay': return this.sleep(step.ms);
      case 'download':
        if (await this.downloaded()) return true;
        if (!this.cancelled) await this.notify(step.failed);
        return false;
      case 'idle':
        while (this.cp.transactions?.some((tx) => tx !== undefined)) if (!(await this.sleep(IDLE_POLL_MS))) return false;
        return true;
      case 'install':
        if (firmwarePrng(this.cp).next() >= firmwareSettingsOf(this.cp).failureRatio) return true;
        await this.notify(step.failed);
        return false;
      case 'reboot': {
        const version = versionOfLocation(this.request.location);
        if (version !== undefined) this.cp.firmwareVersion = version;
        this.cp.reconnect('firmware update', 'FirmwareUpdate');
        return true;
      }
      case 'afterBoot':
        this.cp.onNextBoot(() => { void this.notify(step.status).finally(() => this.finish()); });
        return true;
    }
  }

  async run(): Promise<void> {
    const steps = firmwarePlan(this.cp.profile.version, this.request, firmwareSettingsOf(this.cp));
    for (const step of steps) {
      if (this.cancelled || !(await this.step(step))) break;
      if (step.kind === 'afterBoot') return;
    }
    this.finish();
  }

  private finish(): void {
    if (jobs.get(this.cp) === this) jobs.delete(this.cp);
  }
}

const jobs = new WeakMap<ChargePoint, FirmwareJob>();

/**
 * Starts a firmware update of `cp` (UpdateFirmware); an update already running is cancelled
 * first. Returns true when one was running (2.0.1 answers AcceptedCanceled then, L01.FR.24).
 * Failures are recorded as errors of the charge point, never thrown.
 */
export function startFirmwareUpdate(cp: ChargePoint, request: FirmwareJobRequest): boolean {
  const running = jobs.get(cp);
  running?.cancel();
  const job = new FirmwareJob(cp, request);
  jobs.set(cp, job);
  void job.run();
  return running !== undefined;
}

/** The status of `cp`'s update in progress with its requestId, or undefined when none runs. */
export function firmwareStatusOf(cp: ChargePoint): { status: string; requestId?: number } | undefined {
  const job = jobs.get(cp);
  if (!job) return undefined;
  return job.request.requestId === undefined ? { status: job.status } : { status: job.status, requestId: job.request.requestId };
}

/** Cancels `cp`'s update, if any (the run stops the charge point). */
export function endFirmwareUpdate(cp: ChargePoint): void {
  jobs.get(cp)?.cancel();
  jobs.delete(cp);
}
