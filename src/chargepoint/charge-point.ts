import type { Timer } from '../clock/scheduler.js';
import { RpcError } from '../protocol/errors.js';
import type { Payload } from '../protocol/frame.js';
import type { RpcSession } from '../protocol/rpc-session.js';
import type { Connection, ConnectionListener } from '../transport/connection.js';
import { connectionFor } from './connection-for.js';
import type { TransportError } from '../transport/errors.js';
import type { BackoffPolicy } from '../transport/backoff.js';
import { TrafficGate } from './traffic-gate.js';
import { startHeartbeat, stopHeartbeat } from './heartbeat.js';
import type { FleetContext } from './context.js';
import {
  cutLink, drainLink, dropLink, linkBackingOff, linkBooted, linkClosed, linkConnecting, linkFailed, linkOpened, retireLink, startLink, stopLink,
} from './link.js';
import { profileFor, type ProtocolProfile } from './protocol-profile.js';
import type { Scenario } from './scenario/types.js';
import type { ChargePointState } from './states.js';
import type { EventStreams } from './v21/event-streams.js';
import { chargePointProfileOf } from './scenario/data-row.js';
import type { ChargePointProfile } from './scenario/types.js';

/** A transaction in progress on one connector. */
export interface Transaction {
  id: number;
  idTag: string;
  startedAt: number;
  meterStartWh: number;
}

/**
 * One virtual charge point: its state, one Connection and, while connected, one RpcSession.
 * It runs its scenario from the top after every (re)connect, so it boots again after a
 * reconnect. Everything shared (timers, metrics, settings) lives in the FleetContext. Its
 * connection's lifecycle (start, the connection's events, the boot, cut, drop, stop) is in
 * link.ts, and the fields marked (link.ts) are that module's to change.
 */
export class ChargePoint implements ConnectionListener {
  readonly id: string;
  /** Position in the fleet, 0-based: `{{cp.index}}`, and with the fleet seed the seed of its scenario PRNG. */
  readonly index: number;
  readonly scenario: Scenario;
  readonly ctx: FleetContext;
  /** How this charge point's OCPP version words its messages and answers the central system. */
  readonly profile: ProtocolProfile;
  state: ChargePointState = 'idle';
  /** Bumped on every connect and close: scenario code from an older connection stops when it sees a new value. */
  generation = 0;
  heartbeatIntervalSec: number;
  /** Connector statuses, index 0 = the charge point itself. */
  readonly connectorStatus: string[];
  transactions: Array<Transaction | undefined> | null = null;
  /** Energy register per connector, in Wh, rising while a transaction runs. */
  meterWh: number[] | null = null;
  configOverrides: Map<string, string> | null = null;
  /** Availability a ChangeAvailability Scheduled for a busy connector, applied when its transaction ends. */
  scheduledAvailability: Map<number, string> | null = null;
  /** 2.1 periodic event streams opened on this connection (chargepoint/v21/event-streams.ts). */
  eventStreams: EventStreams | null = null;
  lastError: string | undefined;
  /** The firmware version a firmware update installed; the boot reports it instead of the scenario's. */
  firmwareVersion: string | undefined;
  /** Run once after the next Accepted boot (a 2.0.1 firmware update reports Installed then); dropped by a stop (link.ts). */
  bootWaiters: Array<() => void> | null = null;
  /** Its one connection, and the RPC session while connected (link.ts). */
  readonly connection: Connection;
  session: RpcSession<ChargePoint> | null = null;
  /** The heartbeat's next beat, owned by heartbeat.ts (a field, not an object per charge point). */
  heartbeatTimer: Timer | null = null;
  /** The connection generation the heartbeat runs on, and its next beat's intended time (heartbeat.ts). */
  heartbeatGen = 0;
  heartbeatDue = 0;
  /** Scheduler time `start` was called; the first Accepted boot is timed from it (link.ts). */
  startedAt = 0;
  /** Connected at least once (link.ts). */
  everConnected = false;
  /** Booted (Accepted) at least once (link.ts). */
  everBooted = false;
  /** Never connected, and the last attempt failed for a local cause (counted by the fleet; link.ts). */
  localFailure = false;
  /** Stopping gracefully: the call in flight may finish, nothing new starts (link.ts). */
  draining = false;
  /** Its frames go to the run's tracer (link.ts). */
  readonly traced: boolean;
  /** Leaving politely: a `start` meanwhile clears it, and the retirement then does not stop it (link.ts). */
  retiring = false;
  /** Holds the charge point's own CALLs back while its boot and its offline queue go first; made by the first hold. */
  gate: TrafficGate | null = null;
  /**
   * The intended send time (scheduler time) of the next CALL the scenario makes: a `repeat`
   * with `every` marks the first CALL of each iteration with its slot on the grid.
   */
  nextCallIntendedAt: number | undefined;
  /** Set while our own cut (`goOffline`) or reboot (`reconnect`) closes the socket: not a close by the peer (link.ts). */
  cutting = false;
  /**
   * Set by `goOffline` until the next connect attempt starts: the wait is the scenario's own
   * `offline` step, shown as `offline`, not `backoff` (a reboot's `reconnect` does not set it; link.ts).
   */
  offlineHold = false;
  /** Why the next BootNotification is sent (2.0.1 BootReasonEnumType): PowerUp, or RemoteReset after a Reset. */
  bootReason = 'PowerUp';

  constructor(id: string, scenario: Scenario, ctx: FleetContext, index = 0) {
    this.id = id;
    this.index = index;
    this.scenario = scenario;
    this.ctx = ctx;
    this.profile = profileFor(scenario.protocol);
    this.heartbeatIntervalSec = ctx.defaultHeartbeatSec;
    this.connectorStatus = new Array<string>(scenario.chargePoint.connectors + 1).fill('Available');
    this.traced = ctx.tracer?.wants(id) ?? false;
    this.connection = connectionFor(id, scenario, ctx, index, this);
  }

  /** Starts connecting; resolves when the first attempt opened or failed. Also starts a charge point again after `stop` or `retire` (link.ts). */
  start(): Promise<void> { return startLink(this); }

  /** Closes the connection for good and stops every timer of this charge point (link.ts). */
  stop(): void { stopLink(this); }

  /** The start of a graceful stop: the call in flight may still get its answer; `stop` ends the socket (link.ts). */
  drain(): void { drainLink(this); }

  /** Leaves politely, its transactions stopped first (reason Local); resolves when closed (link.ts). */
  retire(): Promise<void> { return retireLink(this); }

  /** Goes offline as a cut cable would: no closing handshake, no reconnect for `ms`, then the usual back-off (link.ts). */
  goOffline(ms: number): void { cutLink(this, ms); }

  /** Drops the connection so that it reconnects and boots again; `bootReason` words that boot (2.0.1; link.ts). */
  reconnect(reason: string, bootReason = 'RemoteReset'): void { dropLink(this, reason, bootReason); }

  /** Marks the boot Accepted; the first time, records the time since the first connect attempt (link.ts). */
  booted(): void { linkBooted(this); }

  /** True while a CALL of this charge point waits for its answer. */
  get awaitingAnswer(): boolean {
    return this.session?.awaitingAnswer ?? false;
  }

  /**
   * Sends a CALL on the current connection; rejects with E_CLOSED when not connected. While the
   * boot and the offline queue go first (`holdTraffic`), it waits for them.
   */
  call(action: string, payload: Payload, intendedAt?: number): Promise<Payload> {
    const scheduled = intendedAt ?? this.nextCallIntendedAt;
    this.nextCallIntendedAt = undefined;
    if (this.gate?.closed) return this.gate.wait().then(() => this.callNow(action, payload, scheduled));
    return this.callNow(action, payload, scheduled);
  }

  /** Sends a CALL now, past `holdTraffic` (the boot and the queue flush use it). */
  callNow(action: string, payload: Payload, intendedAt?: number): Promise<Payload> {
    if (!this.session) return Promise.reject(new RpcError('E_CLOSED', `${this.id} is not connected`));
    return this.session.call(action, payload, intendedAt);
  }

  /** Holds other CALLs back until the function returned is called (or the connection closes). */
  holdTraffic(): () => void {
    return (this.gate ??= new TrafficGate()).hold();
  }

  /** Connected with an Accepted boot: transaction messages may go now. */
  get online(): boolean {
    return this.session !== null && this.state === 'accepted';
  }

  /** The end of the run counts its offline queue as unsent; a connected charge point has a session. */
  get connected(): boolean {
    return this.session !== null;
  }

  /**
   * Sends a SEND (2.1 unconfirmed message) on the current connection: false when not connected or
   * the socket dropped it. Throws OcppError when the version has no SEND or the payload breaks its schema.
   */
  send(action: string, payload: Payload): boolean {
    return this.session ? this.session.sendUnconfirmed(action, payload) : false;
  }

  setState(next: ChargePointState): void {
    if (next === this.state) return;
    const previous = this.state;
    this.state = next;
    this.ctx.stateChanged(previous, next);
  }

  /** What the BootNotification reports: this charge point's profile (its data row over the scenario's), with the firmware an update installed. */
  get bootProfile(): ChargePointProfile {
    const profile = chargePointProfileOf(this.scenario, this.index);
    return this.firmwareVersion === undefined ? profile : { ...profile, firmwareVersion: this.firmwareVersion };
  }

  /** Runs `fn` once after the next Accepted boot. */
  onNextBoot(fn: () => void): void {
    (this.bootWaiters ??= []).push(fn);
  }

  /** (Re)starts the heartbeat on its grid (heartbeat.ts). */
  startHeartbeat(): void {
    startHeartbeat(this);
  }

  get isHeartbeating(): boolean {
    return this.heartbeatTimer !== null;
  }

  stopHeartbeat(): void {
    stopHeartbeat(this);
  }

  /** The back-off this charge point reconnects with now. */
  get backoff(): BackoffPolicy {
    return this.connection.backoff;
  }

  /** Reconnects with `policy` from the next retry on (SetVariables of OCPPCommCtrlr.RetryBackOff*). */
  set backoff(policy: BackoffPolicy) {
    this.connection.backoff = policy;
  }

  /** Drops the socket without a closing handshake: for a stop that must not wait. */
  terminate(): void {
    this.connection.terminate();
  }

  // The connection's events (ConnectionListener): a message goes straight to the session, the rest to link.ts.
  onOpen(_protocol: string, connectMs: number): void { linkOpened(this, connectMs); }

  onMessage(text: string): void {
    if (this.traced) this.ctx.tracer?.record(this.id, 'in', text);
    this.session?.receive(text);
  }

  onClose(code: number, reason: string): void { linkClosed(this, code, reason); }

  onConnectFailed(error: TransportError): void { linkFailed(this, error); }

  onBackoff(): void { linkBackingOff(this); }

  onConnecting(): void { linkConnecting(this); }
}
