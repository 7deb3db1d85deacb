import { parseFrame, type Frame } from '../protocol/frame.js';

/** One frame a station received: the text, and the frame when it parsed. */
export interface LoggedFrame {
  readonly text: string;
  readonly frame: Frame | undefined;
  /** `performance.now()` when it arrived. */
  readonly at: number;
}

/** A check never needs more: a CSMS flooding a station cannot grow the log past this. */
export const MAX_LOGGED_FRAMES = 2_000;

interface Waiter {
  match: (frame: LoggedFrame) => boolean;
  resolve: (frame: LoggedFrame | undefined) => void;
  timer: NodeJS.Timeout;
}

/**
 * The frames one station received, in order, with waiters for the next one that matches.
 * Bounded: past MAX_LOGGED_FRAMES further frames still wake waiters but are not kept.
 */
export class FrameLog {
  private readonly frames: LoggedFrame[] = [];
  private readonly waiters = new Set<Waiter>();
  private ended = false;

  /** Frames logged so far. */
  get size(): number {
    return this.frames.length;
  }

  /** The logged frames from index `from` on. */
  since(from: number): readonly LoggedFrame[] {
    return this.frames.slice(from);
  }

  add(text: string): void {
    const parsed = parseFrame(text);
    const entry: LoggedFrame = { text, frame: parsed.ok ? parsed.frame : undefined, at: performance.now() };
    if (this.frames.length < MAX_LOGGED_FRAMES) this.frames.push(entry);
    for (const waiter of [...this.waiters]) {
      if (!waiter.match(entry)) continue;
      this.waiters.delete(waiter);
      clearTimeout(waiter.timer);
      waiter.resolve(entry);
    }
  }

  /** The socket closed: every waiter gets undefined now, later waits return at once. */
  closed(): void {
    this.ended = true;
    for (const waiter of this.waiters) {
      clearTimeout(waiter.timer);
      waiter.resolve(undefined);
    }
    this.waiters.clear();
  }

  /** The first frame at index ≥ `from` that `match` accepts, waiting up to `ms` for it; undefined otherwise. */
  wait(match: (frame: LoggedFrame) => boolean, ms: number, from: number): Promise<LoggedFrame | undefined> {
    const found = this.frames.slice(from).find(match);
    if (found || this.ended) return Promise.resolve(found);
    return new Promise((resolve) => {
      const waiter: Waiter = { match, resolve, timer: setTimeout(() => { this.waiters.delete(waiter); resolve(undefined); }, ms) };
      this.waiters.add(waiter);
    });
  }
}
