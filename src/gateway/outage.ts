import { parseDuration } from '../clock/duration.js';
import { BadRequest } from './call-api.js';

/** The longest outage one request may start, in ms (a day). */
export const MAX_OUTAGE_MS = 86_400_000;

/** The answer to starting an outage: connections dropped, and when upgrades are accepted again (ISO 8601). */
export interface OutageAnswer {
  dropped: number;
  until: string;
}

/**
 * A simulated outage of the central system: while it lasts, upgrades are refused (503); each
 * new outage extends the window to whichever ends later. Times are epoch ms from the caller.
 */
export class OutageWindow {
  private until = 0;

  /** Starts (or extends) the outage at `now` for `durationMs`; returns when it ends. */
  begin(durationMs: number, now: number): number {
    this.until = Math.max(this.until, now + durationMs);
    return this.until;
  }

  /** True while the outage lasts. */
  active(now: number): boolean {
    return now < this.until;
  }

  /** Ends the outage now. */
  end(): void {
    this.until = 0;
  }
}

/**
 * The duration of `POST /outage` `{"duration": "60s"}` (a duration such as 500ms, 60s, 5m), in
 * ms; throws BadRequest 400 naming what is wrong. Pure.
 */
export function outageDurationOf(body: unknown): number {
  const b = body as Record<string, unknown> | null;
  if (typeof b !== 'object' || b === null || Array.isArray(b)) throw new BadRequest(400, 'body must be a JSON object {"duration": "60s"}');
  const ms = typeof b.duration === 'string' ? parseDuration(b.duration) : undefined;
  if (ms === undefined || ms <= 0 || ms > MAX_OUTAGE_MS) throw new BadRequest(400, `"duration" must be a duration such as "60s" or "5m", above 0 and at most 24h`);
  return ms;
}
