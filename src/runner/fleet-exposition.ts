import { sumCounts } from '../metrics/merge.js';
import { bucketCounts, decodeHistogram } from '../metrics/histogram.js';
import { Counter, Histogram, LabeledGauge, Registry, ROUND_TRIP_BUCKETS } from '../metrics/prometheus.js';
import type { ToolStats } from '../metrics/tool-probe.js';
import type { FleetSnapshot } from './fleet.js';

/** One process of the simulator and how busy it is (undefined before its first second). */
export interface ProcessFigures {
  /** `main`, or `worker-0`, `worker-1`, … with `--workers`. */
  name: string;
  stats: ToolStats | undefined;
}

const BOUNDS_MS = ROUND_TRIP_BUCKETS.map((s) => s * 1000);

function counters(registry: Registry, name: string, help: string, label: string, counts: Record<string, number>): void {
  const counter = registry.add(new Counter(name, help, [label]));
  for (const [key, value] of Object.entries(counts)) counter.set([key], value);
}

function histograms(registry: Registry, name: string, help: string, encoded: Record<string, string>, label?: string): void {
  const family = registry.add(new Histogram(name, help, ROUND_TRIP_BUCKETS, label ? [label] : []));
  for (const [key, text] of Object.entries(encoded)) {
    const { counts, sumMs, count } = bucketCounts(decodeHistogram(text), BOUNDS_MS);
    family.set(label ? [key] : [], { counts, sum: Math.round(sumMs * 1000) / 1e6, count });
  }
}

function single(registry: Registry, name: string, help: string, type: 'counter' | 'gauge', value: number): void {
  if (type === 'counter') registry.add(new Counter(name, help)).set([], value);
  else registry.add(new LabeledGauge(name, help, [])).set([], value);
}

/**
 * The simulator's figures in the Prometheus text format (names and meanings in docs/reports.md),
 * a pure function of a fleet snapshot taken with encoded histograms (one process's, or the
 * exact merge of every worker's) and the processes' own load. Counters are the run's totals so
 * far; latency histograms share ROUND_TRIP_BUCKETS with the gateway's.
 */
export function fleetExposition(fleet: FleetSnapshot, processes: readonly ProcessFigures[]): string {
  const registry = new Registry();
  const m = fleet.metrics;
  const states = registry.add(new LabeledGauge('ocpp_sim_charge_points', 'Charge points by state now', ['state']));
  for (const [state, count] of Object.entries(fleet.states)) states.set([state], count);
  single(registry, 'ocpp_sim_charge_points_configured', 'Charge points of the run (of this shard with --shard)', 'gauge', fleet.count);
  single(registry, 'ocpp_sim_connections_open', 'WebSocket connections open now', 'gauge', fleet.open);
  single(registry, 'ocpp_sim_charge_points_connected_total', 'Charge points that connected at least once', 'counter', fleet.everConnected);
  single(registry, 'ocpp_sim_charge_points_booted_total', 'Charge points whose BootNotification was Accepted at least once', 'counter', fleet.everBooted);
  const messages = registry.add(new Counter('ocpp_sim_messages_total', 'OCPP messages by action and direction (out = sent by the simulator: its CALLs and its answers)', ['action', 'direction']));
  // Both ways on one socket: out = the fleet's CALLs and its answers, in = the answers and the central system's CALLs.
  for (const [action, count] of Object.entries(sumCounts([m.sent, m.answered]))) messages.set([action, 'out'], count);
  for (const [action, count] of Object.entries(sumCounts([m.received, m.inbound]))) messages.set([action, 'in'], count);
  histograms(registry, 'ocpp_sim_latency_seconds', 'Round trip of the simulator\'s CALLs, CALL sent to CALLRESULT/CALLERROR received', m.histograms?.latency ?? {}, 'action');
  histograms(registry, 'ocpp_sim_latency_corrected_seconds', 'Scheduled CALLs: from the intended send time to the answer (coordinated omission corrected)', m.histograms?.latencyCorrected ?? {}, 'action');
  if (m.histograms) {
    histograms(registry, 'ocpp_sim_connect_seconds', 'WebSocket connect time (TCP, TLS and upgrade)', { '': m.histograms.connect });
    histograms(registry, 'ocpp_sim_boot_seconds', 'First connection attempt to BootNotification Accepted', { '': m.histograms.boot });
  }
  const errors = registry.add(new Counter('ocpp_sim_errors_total', 'Errors by category (the part of the kind before the colon) and kind', ['category', 'kind']));
  for (const [kind, count] of Object.entries(m.errors)) errors.set([kind.split(':')[0] as string, kind], count);
  counters(registry, 'ocpp_sim_anomalies_total', 'Frames and faults that are no operation of their own (late answers, unknown ids, unparseable frames)', 'kind', m.anomalies);
  counters(registry, 'ocpp_sim_boots_total', 'BootNotification answers by status', 'status', m.boots);
  counters(registry, 'ocpp_sim_disconnects_total', 'Connections closed, by WebSocket close code', 'code', m.disconnects);
  single(registry, 'ocpp_sim_connects_total', 'Successful WebSocket connections, reconnections included', 'counter', m.connects);
  single(registry, 'ocpp_sim_reconnects_total', 'Successful reconnections', 'counter', m.reconnects);
  single(registry, 'ocpp_sim_connect_failures_total', 'Failed connection attempts', 'counter', m.connectFailures);
  single(registry, 'ocpp_sim_timeouts_total', 'CALLs that got no answer within the call timeout', 'counter', m.timeouts);
  single(registry, 'ocpp_sim_call_errors_total', 'CALLERRORs received for the simulator\'s CALLs', 'counter', m.callErrors);
  const cpu = registry.add(new Counter('ocpp_sim_process_cpu_seconds_total', 'User and system CPU time of each simulator process', ['process']));
  const loop = registry.add(new LabeledGauge('ocpp_sim_event_loop_delay_p99_seconds', '99th percentile of the event-loop delay of each simulator process over its last second', ['process']));
  const rss = registry.add(new LabeledGauge('ocpp_sim_process_resident_memory_bytes', 'Resident memory of each simulator process', ['process']));
  for (const { name, stats } of processes) {
    if (!stats) continue;
    cpu.set([name], Math.round(stats.cpuSeconds * 1e6) / 1e6);
    loop.set([name], Math.round(stats.loopDelayP99Ms * 1000) / 1e6);
    rss.set([name], stats.rssBytes);
  }
  return registry.render();
}
