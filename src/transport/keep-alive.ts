import WebSocket from 'ws';
import type { Scheduler, Timer } from '../clock/scheduler.js';

/** How many groups the watched sockets are split into: each tick pings one group, so pings are spread over the interval. */
const GROUPS = 8;

interface Watched {
  /** The group whose tick pings this socket. */
  group: number;
  /** A ping left and no pong has come back yet. */
  awaitingPong: boolean;
  /** Called just before the socket is terminated for a missed pong. */
  onExpire: (ws: WebSocket) => void;
}

/**
 * WebSocket keep-alive for many sockets on one shared timer (OCPP-J 1.6 §5.3, 2.0.1 §5.2;
 * ocpp-rpc's `_keepAlive`): every watched open socket gets a ping once per `intervalMs`, and a
 * socket whose previous ping got no pong by its next turn is terminated (the peer is dead or
 * the link half-open: no FIN will ever come). Sockets are split into groups served one per
 * tick, so 5,000 sockets do not all ping in the same millisecond. The timer runs only while
 * something is watched. A dead link is detected between one and two intervals after its last pong.
 */
export class KeepAlive {
  readonly intervalMs: number;
  private readonly scheduler: Scheduler;
  private readonly watched = new Map<WebSocket, Watched>();
  private readonly groups: Array<Set<WebSocket>> = Array.from({ length: GROUPS }, () => new Set());
  private nextGroup = 0;
  private joinGroup = 0;
  private timer: Timer | null = null;

  constructor(scheduler: Scheduler, intervalMs: number) {
    if (!Number.isFinite(intervalMs) || intervalMs <= 0) throw new RangeError(`keep-alive interval must be a positive number of milliseconds (got ${intervalMs})`);
    this.scheduler = scheduler;
    this.intervalMs = intervalMs;
  }

  /** Sockets watched now. */
  get size(): number {
    return this.watched.size;
  }

  /**
   * Starts pinging an open socket; `onExpire(ws)` runs once, right before it is terminated for a
   * missed pong (one function can serve every socket: it is told which).
   */
  watch(ws: WebSocket, onExpire: (ws: WebSocket) => void): void {
    if (this.watched.has(ws)) return;
    const group = this.joinGroup;
    this.joinGroup = (this.joinGroup + 1) % GROUPS;
    this.watched.set(ws, { group, awaitingPong: false, onExpire });
    (this.groups[group] as Set<WebSocket>).add(ws);
    // No tick pending, or the scheduler dropped it (TimerWheel.clear at the end of a run): arm again.
    if (!this.timer?.active) this.arm();
  }

  /** A pong arrived: the peer is alive. */
  pong(ws: WebSocket): void {
    const entry = this.watched.get(ws);
    if (entry) entry.awaitingPong = false;
  }

  /** Stops watching a socket (it closed); the timer stops with the last one. */
  unwatch(ws: WebSocket): void {
    const entry = this.watched.get(ws);
    if (!entry) return;
    this.watched.delete(ws);
    this.groups[entry.group]?.delete(ws);
    if (this.watched.size === 0) this.disarm();
  }

  private arm(): void {
    const step = this.intervalMs / GROUPS;
    this.timer = this.scheduler.schedule(step, () => this.tick());
  }

  private disarm(): void {
    this.timer?.cancel();
    this.timer = null;
  }

  private tick(): void {
    this.timer = null;
    const group = this.groups[this.nextGroup] as Set<WebSocket>;
    this.nextGroup = (this.nextGroup + 1) % GROUPS;
    for (const ws of group) {
      const entry = this.watched.get(ws) as Watched;
      // Closing sockets are left to the closing handshake's own timeout; the close event unwatches them.
      if (ws.readyState !== WebSocket.OPEN) continue;
      if (entry.awaitingPong) {
        this.unwatch(ws);
        entry.onExpire(ws);
        // No closing handshake on a dead link: 'close' follows with 1006.
        ws.terminate();
        continue;
      }
      entry.awaitingPong = true;
      try {
        ws.ping();
      } catch {
        // The socket is going away; its close event will unwatch it.
      }
    }
    if (this.watched.size > 0 && !this.timer) this.arm();
  }
}

const shared = new WeakMap<Scheduler, Map<number, KeepAlive>>();

/**
 * The KeepAlive every connection on `scheduler` with `intervalMs` shares, made on first use:
 * a fleet of connections holds one timer entry for keep-alive, not one per connection.
 */
export function sharedKeepAlive(scheduler: Scheduler, intervalMs: number): KeepAlive {
  let byInterval = shared.get(scheduler);
  if (!byInterval) shared.set(scheduler, byInterval = new Map());
  let keepAlive = byInterval.get(intervalMs);
  if (!keepAlive) byInterval.set(intervalMs, keepAlive = new KeepAlive(scheduler, intervalMs));
  return keepAlive;
}
