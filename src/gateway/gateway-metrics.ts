import { BoundedKeys } from '../metrics/bounded-keys.js';
import { kindOfErrorCode } from '../protocol/errors.js';
import type { CallOutcome } from '../protocol/rpc-session.js';
import type { BootStatus } from './policies.js';
import { Counter, Gauge, Histogram, LabeledGauge, Registry, ROUND_TRIP_BUCKETS } from '../metrics/prometheus.js';
import { processSources, ToolProbe } from '../metrics/tool-probe.js';

/** Upper bounds of `ocpp_response_time_seconds`, in seconds: the simulator's round-trip buckets. */
export const RESPONSE_TIME_BUCKETS: readonly number[] = ROUND_TRIP_BUCKETS;
/** Upper bounds of `websocket_connection_duration_seconds`, in seconds. */
export const CONNECTION_DURATION_BUCKETS: readonly number[] = Object.freeze([1, 10, 60, 300, 900, 1800, 3600, 7200, 21_600, 86_400]);

/**
 * The gateway's Prometheus metrics (names and meanings in docs/gateway.md). Counters only grow;
 * `websocket_connections_active` is read from the registry of connections when rendered.
 */
export class GatewayMetrics {
  private readonly registry = new Registry();
  /** `action` label values: MAX_KEYS names of at most MAX_KEY_LENGTH characters; longer, later or prototype names count as `_other`. */
  private readonly actions = new BoundedKeys();
  private readonly accepted = this.registry.add(new Counter('websocket_connections_total', 'WebSocket connections accepted since start'));
  private readonly messages = this.registry.add(new Counter('websocket_messages_total', 'WebSocket messages by direction (in = from charge points)', ['direction']));
  private readonly errors = this.registry.add(new Counter('websocket_errors_total', 'Socket errors and connections dropped by a limit (idle, write timeout, oversize message)'));
  private readonly refused = this.registry.add(new Counter('websocket_upgrades_refused_total', 'Upgrade requests refused before the handshake, by HTTP status', ['status']));
  private readonly durations = this.registry.add(new Histogram('websocket_connection_duration_seconds', 'How long closed connections lasted', CONNECTION_DURATION_BUCKETS));
  private readonly calls = this.registry.add(new Counter('ocpp_messages_total', 'OCPP CALLs by action and direction (in = charge point to gateway)', ['action', 'direction']));
  private readonly responseTimes = this.registry.add(new Histogram('ocpp_response_time_seconds',
    'in: CALL received to answer sent by the gateway; out: gateway CALL sent to answer received', RESPONSE_TIME_BUCKETS, ['action', 'direction']));
  private readonly callErrors = this.registry.add(new Counter('ocpp_call_errors_total', 'CALLERRORs the gateway sent, by action and error code', ['action', 'code']));
  private readonly boots = this.registry.add(new Counter('ocpp_boots_total', 'BootNotification answers by status', ['status']));
  private readonly protocols = this.registry.add(new Counter('ocpp_connections_total', 'WebSocket connections accepted, by negotiated OCPP version', ['protocol']));
  private readonly sends = this.registry.add(new Counter('ocpp_sends_total', 'OCPP 2.1 SEND messages (unconfirmed) by action and direction (in = from charge points)', ['action', 'direction']));
  private readonly refusedResults = this.registry.add(new Counter('ocpp_callresult_errors_total', 'OCPP 2.1 CALLRESULTERRORs received: charge points refusing a gateway answer, by error kind', ['code']));
  private readonly loopDelay = this.registry.add(new LabeledGauge('gateway_event_loop_delay_p99_seconds',
    '99th percentile of the event-loop delay of each gateway process over its last second before the scrape (measured from the first scrape on)', ['pid']));
  /** Event-loop delay of this process, started by the first scrape, so a gateway nobody scrapes measures nothing. */
  private loop: ToolProbe | undefined;
  private readonly badFrames = this.registry.add(new Counter('ocpp_bad_frames_total', 'Frames from charge points that are not valid OCPP-J (answered per the error policy or dropped), and responses to no pending call'));

  constructor(activeConnections: () => number) {
    this.registry.add(new Gauge('websocket_connections_active', 'WebSocket connections open now', activeConnections));
  }

  /** A connection was accepted with subprotocol `protocol` (one of the served versions: a bounded label). */
  connectionOpened(protocol: string): void {
    this.accepted.inc();
    this.protocols.inc([protocol]);
  }
  sendReceived(action: string): void { this.sends.inc([this.label(action), 'in']); }
  /** Counted by meaning (`kindOfErrorCode`): the peer's code is any string, the label set stays bounded. */
  resultRefused(code: string): void { this.refusedResults.inc([kindOfErrorCode(code)]); }
  connectionClosed(durationMs: number): void { this.durations.observe(durationMs / 1000); }
  message(direction: 'in' | 'out'): void { this.messages.inc([direction]); }
  socketError(): void { this.errors.inc(); }
  badFrame(): void { this.badFrames.inc(); }
  upgradeRefused(status: number): void { this.refused.inc([String(status)]); }
  boot(status: BootStatus): void { this.boots.inc([status]); }
  callReceived(action: string): void { this.calls.inc([this.label(action), 'in']); }
  callSent(action: string): void { this.calls.inc([this.label(action), 'out']); }

  callAnswered(action: string, handleMs: number, errorCode?: string): void {
    const label = this.label(action);
    this.responseTimes.observe(handleMs / 1000, [label, 'in']);
    if (errorCode !== undefined) this.callErrors.inc([label, errorCode]);
  }

  callSettled(action: string, outcome: CallOutcome, roundTripMs: number): void {
    if (outcome === 'result' || outcome === 'error' || outcome === 'invalid') this.responseTimes.observe(roundTripMs / 1000, [this.label(action), 'out']);
  }

  /** The exposition text of every metric. */
  render(): string {
    this.loop ??= new ToolProbe(processSources());
    this.loopDelay.set([String(process.pid)], (this.loop.sample()?.loopDelayP99Ms ?? 0) / 1000);
    return this.registry.render();
  }

  /** Stops measuring the event loop. */
  close(): void {
    this.loop?.close();
  }

  /** The `action` label a peer's action name is counted under (itself, or `_other`). */
  label(action: string): string {
    return this.actions.key(action);
  }
}
