import type { Timer } from '../clock/scheduler.js';
import { RpcError } from '../protocol/errors.js';
import type { Payload } from '../protocol/frame.js';
import { RpcSession } from '../protocol/rpc-session.js';
import { BACKLOG_REASON, type Connection, type ConnectionListener } from '../transport/connection.js';
import { connectionFor } from './connection-for.js';
import type { TransportError } from '../transport/errors.js';
import type { BackoffPolicy } from '../transport/backoff.js';
import { abandonQueue } from './offline-link.js';
import { TrafficGate } from './traffic-gate.js';
import { startHeartbeat, stopHeartbeat } from './heartbeat.js';
import type { FleetContext } from './context.js';
import { profileFor, type ProtocolProfile } from './protocol-profile.js';
import type { Scenario } from './scenario/types.js';
import { runScenario } from './scenario/runner.js';
import { sessionOptionsFor } from './session-options.js';
import { carryOffline } from './scenario/run-offline.js';
import type { ChargePointState } from './states.js';
import { endEventStreams, type EventStreams } from './v21/event-streams.js';
import { endDeviceJobs } from './device-jobs.js';
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
 * reconnect. Everything shared (timers, metrics, settings) lives in the FleetContext.
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
  /** Run once after the next Accepted boot (a 2.0.1 firmware update reports Installed then). */
  private bootWaiters: Array<() => void> | null = null;
  private readonly connection: Connection;
  private session: RpcSession<ChargePoint> | null = null;
  /** The heartbeat's next beat, owned by heartbeat.ts (a field, not an object per charge point). */
  heartbeatTimer: Timer | null = null;
  /** The connection generation the heartbeat runs on, and its next beat's intended time (heartbeat.ts). */
  heartbeatGen = 0;
  heartbeatDue = 0;
  private startedAt = 0;
  private everConnected = false;
  private everBooted = false;
  /** Never connected, and the last attempt failed for a local cause (counted by the fleet). */
  private localFailure = false;
  /** Stopping gracefully: the call in flight may finish, nothing new starts. */
  private draining = false;
  private readonly traced: boolean;
  private retiring = false;
  /** Holds the charge point's own CALLs back while its boot and its offline queue go first; made by the first hold. */
  private gate: TrafficGate | null = null;

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

  /** Starts connecting; resolves when the first attempt opened or failed. Also starts a charge point again after `stop` or `retire`. */
  start(): Promise<void> {
    this.retiring = false;
    this.startedAt = this.ctx.scheduler.now();
    this.setState('connecting');
    return this.connection.start();
  }

  /** Closes the connection for good and stops every timer of this charge point. */
  stop(): void {
    if (this.state === 'idle') return;
    this.stopHeartbeat();
    endEventStreams(this);
    endDeviceJobs(this);
    this.bootWaiters = null;
    this.generation++;
    this.connection.stop();
    this.gate?.open();
    this.session?.close('run finished');
    this.session = null;
    abandonQueue(this);
    this.offlineHold = false;
    if (this.state !== 'gave-up') this.setState('closed');
  }

  /**
   * The start of a graceful stop: the scenario and the heartbeat end, queued calls are dropped,
   * and the call in flight (if any) may still get its answer. The socket stays open; `stop`
   * ends it (the fleet stops those with no call in flight right after, in slices).
   */
  drain(): void {
    if (this.state === 'idle' || this.draining) return;
    this.draining = true;
    this.stopHeartbeat();
    this.generation++;
    this.session?.drain();
  }

  /** True while a CALL of this charge point waits for its answer. */
  get awaitingAnswer(): boolean {
    return this.session?.awaitingAnswer ?? false;
  }

  /**
   * Leaves politely (a stage's ramp-down): the scenario and heartbeat stop, every transaction
   * in progress is stopped (reason Local, as a driver ending the session would), then the
   * socket closes with 1000. Resolves when closed; a `start` in between keeps it running.
   */
  async retire(): Promise<void> {
    if (this.state === 'idle' || this.state === 'closed' || this.state === 'gave-up') return;
    this.retiring = true;
    this.stopHeartbeat();
    this.generation++;
    if (this.session && this.transactions) {
      for (let connector = 1; connector < this.transactions.length; connector++) {
        if (!this.transactions[connector]) continue;
        await this.profile.stopTransaction(this, connector, 'Local').catch((error: Error) => this.ctx.recorder.noteError(this.id, `stopping the transaction on ${connector}: ${error.message}`));
      }
    }
    if (this.retiring) this.stop();
  }

  /**
   * The intended send time (scheduler time) of the next CALL the scenario makes: a `repeat`
   * with `every` marks the first CALL of each iteration with its slot on the grid.
   */
  nextCallIntendedAt: number | undefined;

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
   * Goes offline without closing politely (a cut cable, a dead modem): the socket is dropped
   * with no closing handshake and no reconnect is tried for `ms`; then the charge point
   * reconnects after its back-off as after any lost connection.
   */
  goOffline(ms: number): void {
    this.cutting = this.session !== null;
    this.offlineHold = true;
    this.connection.cut(ms);
  }

  /** Set while our own cut (`goOffline`) or reboot (`reconnect`) closes the socket: not a close by the peer. */
  private cutting = false;
  /**
   * Set by `goOffline` until the next connect attempt starts: the wait is the scenario's own
   * `offline` step, shown as `offline`, not `backoff` (a reboot's `reconnect` does not set it).
   */
  private offlineHold = false;

  /**
   * Sends a SEND (2.1 unconfirmed message) on the current connection: false when not connected or
   * the socket dropped it. Throws OcppError when the version has no SEND or the payload breaks its schema.
   */
  send(action: string, payload: Payload): boolean {
    return this.session ? this.session.sendUnconfirmed(action, payload) : false;
  }

  /** Why the next BootNotification is sent (2.0.1 BootReasonEnumType): PowerUp, or RemoteReset after a Reset. */
  bootReason = 'PowerUp';

  /** Drops the connection so that it reconnects and boots again; `bootReason` words that boot (2.0.1). */
  reconnect(reason: string, bootReason = 'RemoteReset'): void {
    this.bootReason = bootReason;
    this.cutting = this.session !== null;
    this.connection.drop(1000, reason);
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

  /** Marks the boot Accepted; the first time, records the time since the first connect attempt. */
  booted(): void {
    this.setState('accepted');
    this.ctx.bootAccepted?.(this.index);
    const waiters = this.bootWaiters;
    this.bootWaiters = null;
    for (const fn of waiters ?? []) fn();
    if (!this.everBooted) {
      this.everBooted = true;
      this.ctx.firstBoot();
      this.ctx.recorder.bootAnswered('Accepted', this.ctx.scheduler.now() - this.startedAt);
    } else this.ctx.recorder.bootAnswered('Accepted', null);
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

  onOpen(_protocol: string, connectMs: number): void {
    this.ctx.socketsChanged(1);
    this.ctx.recorder.connected(connectMs, this.everConnected);
    if (!this.everConnected) {
      this.everConnected = true;
      this.ctx.firstConnect();
      if (this.localFailure) {
        this.localFailure = false;
        this.ctx.localFailure(-1);
      }
    }
    this.generation++;
    this.session = new RpcSession<ChargePoint>(this.traced ? this.tracingChannel() : this.connection, this, sessionOptionsFor(this.ctx, this.profile));
    this.setState('booting');
    void runScenario(this, this.generation);
  }

  onMessage(text: string): void {
    if (this.traced) this.ctx.tracer?.record(this.id, 'in', text);
    this.session?.receive(text);
  }

  private tracingChannel(): { send(text: string): boolean } {
    return {
      send: (text) => {
        this.ctx.tracer?.record(this.id, 'out', text);
        return this.connection.send(text);
      },
    };
  }

  onClose(code: number, reason: string): void {
    this.ctx.socketsChanged(-1);
    // Closes the run, the scenario or the charge point itself asked for (Reset, a firmware reboot) are not disconnects.
    if (this.state !== 'closed' && !this.cutting) this.ctx.recorder.disconnected(code);
    this.cutting = false;
    if (reason.startsWith(BACKLOG_REASON)) {
      this.ctx.recorder.peerNotReading();
      this.ctx.recorder.noteError(this.id, reason);
    }
    this.generation++;
    // A scenario that keeps running offline moves to the new generation before the calls in flight fail.
    carryOffline(this);
    this.gate?.open();
    this.stopHeartbeat();
    endEventStreams(this);
    this.session?.close(`connection closed (${code}${reason ? ` ${reason}` : ''})`);
    this.session = null;
    if (this.draining) this.stop();
    else if (this.state !== 'closed') this.setState(this.offlineHold ? 'offline' : 'backoff');
  }

  onConnectFailed(error: TransportError): void {
    this.lastError = error.message;
    this.ctx.recorder.connectFailed(error.label);
    if (!this.everConnected && error.local !== this.localFailure) {
      this.localFailure = error.local;
      this.ctx.localFailure(error.local ? 1 : -1);
    }
    this.ctx.recorder.noteError(this.id, error.message);
    this.ctx.connectFailed(this.id, error);
    if (error.fatal) this.setState('gave-up');
  }

  onBackoff(): void {
    if (this.state !== 'closed' && this.state !== 'gave-up') this.setState(this.offlineHold ? 'offline' : 'backoff');
  }

  onConnecting(): void {
    this.offlineHold = false;
    this.ctx.attempting?.();
    if (this.state !== 'closed') this.setState('connecting');
  }
}
