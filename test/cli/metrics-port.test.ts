import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import parsePrometheus, { type MetricFamily } from 'parse-prometheus-text-format';
import { main } from '../../src/cli/main.js';
import { readSummary, withTempDir } from '../helpers/cli-run.js';
import { fakeIo } from '../helpers/fake-io.js';
import { sleep, waitUntil } from '../helpers/poll.js';
import { withTimeout } from '../helpers/wait.js';

const COUNT = 6;

/**
 * Scrapes `url` and parses the text with a Prometheus text-format parser (which throws on a
 * malformed line). `types` are the families' declared types; `families` come from a second parse
 * without the histograms' TYPE lines, because the parser folds the buckets of every labelled
 * histogram series into one: so each `_bucket`, `_sum` and `_count` is a family of its own there.
 */
async function scrape(url: string): Promise<{ text: string; types: Map<string, string>; families: Map<string, MetricFamily> }> {
  const response = await fetch(url);
  assert.equal(response.status, 200);
  assert.match(response.headers.get('content-type') ?? '', /^text\/plain; version=0\.0\.4/);
  const text = await response.text();
  const types = new Map(parsePrometheus(text).map((family) => [family.name, family.type]));
  const flat = text.split('\n').filter((line) => !/^# TYPE \S+ histogram$/.test(line)).join('\n');
  const families = new Map<string, MetricFamily>();
  // Series of one histogram alternate `_bucket`, `_sum`, `_count`: each run of lines is a family again.
  for (const family of parsePrometheus(flat)) families.get(family.name)?.metrics.push(...family.metrics) ?? families.set(family.name, family);
  return { text, types, families };
}

function values(families: Map<string, MetricFamily>, name: string, key: (labels: Record<string, string>) => string | undefined): Record<string, number> {
  const out: Record<string, number> = {};
  for (const sample of families.get(name)?.metrics ?? []) {
    const k = key(sample.labels ?? {});
    if (k !== undefined) out[k] = Number(sample.value);
  }
  return out;
}

const one = (families: Map<string, MetricFamily>, name: string): number => Number(families.get(name)?.metrics[0]?.value);
const withoutProcesses = (text: string): string => text.split('\n').filter((line) => !line.includes('process=')).join('\n');

// The charge points boot and report their connectors in the first second, then stay quiet (the
// heartbeat interval is an hour): the figures stop changing long before the run ends, so the last
// scrape during the run must equal the summary the run writes at its end.
test('--metrics-port during a --workers 2 run serves the merged figures, and the last scrape equals the summary JSON', () => withTempDir(async (dir) => {
  const fake = fakeIo(dir);
  const running = main(['run', '-n', String(COUNT), '--rate', '0', '-d', '12s', '--workers', '2', '--heartbeat-interval', '1h',
    '--metrics-port', '0', '--no-ui', '--out', 'summary.json'], fake.io);
  let ended = false;
  void running.finally(() => { ended = true; });
  await waitUntil(() => /metrics served at \S+/.test(fake.stderr()) || ended, 20_000, 'the metrics URL on stderr');
  const url = /metrics served at (\S+)/.exec(fake.stderr())?.[1];
  assert.ok(url, fake.stderr());
  assert.match(url, /^http:\/\/127\.0\.0\.1:\d+\/metrics$/);
  let last: Awaited<ReturnType<typeof scrape>> | undefined;
  let stable = false;
  const deadline = Date.now() + 30_000;
  while (!ended && !stable && Date.now() < deadline) {
    const now = await scrape(url);
    // Workers report once a second: equal figures 1.5 s apart with every charge point booted are final.
    stable = last !== undefined && one(now.families, 'ocpp_sim_charge_points_booted_total') === COUNT && withoutProcesses(now.text) === withoutProcesses(last.text);
    last = now;
    if (!stable) await sleep(1500);
  }
  assert.ok(stable && last, `the figures settled during the run:\n${fake.stderr()}`);
  const code = await withTimeout(running, 60_000, 'the run to end');
  assert.equal(code, 0, fake.stderr());
  const summary = readSummary(join(dir, 'summary.json'));
  const f = last.families;
  assert.deepEqual(values(f, 'ocpp_sim_messages_total', (l) => (l.direction === 'out' ? l.action : undefined)), summary.counts.sent);
  assert.deepEqual(values(f, 'ocpp_sim_messages_total', (l) => (l.direction === 'in' ? l.action : undefined)), summary.counts.received);
  assert.equal(last.types.get('ocpp_sim_latency_seconds'), 'HISTOGRAM');
  const counts = values(f, 'ocpp_sim_latency_seconds_count', (l) => l.action);
  assert.deepEqual(counts, Object.fromEntries(Object.entries(summary.latency).map(([action, p]) => [action, p.count])));
  assert.deepEqual(values(f, 'ocpp_sim_latency_seconds_bucket', (l) => (l.le === '+Inf' ? l.action : undefined)), counts, 'the +Inf bucket holds every answer');
  for (const [action, sum] of Object.entries(values(f, 'ocpp_sim_latency_seconds_sum', (l) => l.action))) {
    const p = summary.latency[action];
    assert.ok(p && Math.abs(sum - (p.mean * p.count) / 1000) <= 0.001 * p.count + 1e-6, `sum ≈ mean × count for ${action}`);
  }
  const p99 = (action: string): number => summary.latency[action]?.p99 ?? NaN;
  for (const sample of f.get('ocpp_sim_latency_seconds_bucket')?.metrics ?? []) {
    const { action = '', le = '' } = sample.labels ?? {};
    // Every answer at or below a bound above the summary's maximum: the buckets hold the same answers.
    if (Number(le) * 1000 >= (summary.latency[action]?.max ?? Infinity) * 1.001) assert.equal(Number(sample.value), counts[action], `${action} le=${le} (p99 ${p99(action)} ms)`);
  }
  assert.equal(one(f, 'ocpp_sim_charge_points_booted_total'), summary.chargePoints.booted);
  assert.equal(one(f, 'ocpp_sim_charge_points_connected_total'), summary.chargePoints.connected);
  assert.equal(one(f, 'ocpp_sim_charge_points_configured'), summary.chargePoints.count);
  assert.equal(values(f, 'ocpp_sim_charge_points', (l) => l.state).accepted, COUNT);
  assert.deepEqual(values(f, 'ocpp_sim_boots_total', (l) => l.status), summary.counts.boots);
  assert.deepEqual(values(f, 'ocpp_sim_errors_total', (l) => l.kind), summary.counts.errors);
  assert.equal(one(f, 'ocpp_sim_connects_total'), summary.counts.connects);
  assert.equal(one(f, 'ocpp_sim_timeouts_total'), summary.counts.timeouts);
  assert.equal(one(f, 'ocpp_sim_connect_failures_total'), summary.counts.connectFailures);
  const cpu = values(f, 'ocpp_sim_process_cpu_seconds_total', (l) => l.process);
  assert.deepEqual(Object.keys(cpu).sort(), ['main', 'worker-0', 'worker-1']);
  for (const seconds of Object.values(cpu)) assert.ok(seconds > 0, JSON.stringify(cpu));
  assert.deepEqual(Object.keys(values(f, 'ocpp_sim_event_loop_delay_p99_seconds', (l) => l.process)).sort(), ['main', 'worker-0', 'worker-1']);
  await assert.rejects(fetch(url), 'the server is closed when the run ends');
}));

test('--metrics-port on a port in use is one error line and exit 1, before any charge point starts', () => withTempDir(async (dir) => {
  const { createServer } = await import('node:net');
  const blocker = createServer();
  await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
  try {
    const port = (blocker.address() as { port: number }).port;
    const fake = fakeIo(dir);
    const code = await withTimeout(main(['run', '-n', '1', '-d', '1s', '--no-ui', '--metrics-port', String(port)], fake.io), 20_000, 'the run');
    assert.equal(code, 1);
    assert.match(fake.stderr(), new RegExp(`ocpp-sim: error: --metrics-port: cannot listen on 127\\.0\\.0\\.1:${port}: the port is in use`));
    assert.doesNotMatch(fake.stderr(), /running 1 charge point/);
  } finally {
    blocker.close();
  }
}));

test('--metrics-host without --metrics-port, and a port out of range, are configuration errors (exit 104)', () => withTempDir(async (dir) => {
  for (const argv of [['--metrics-host', '0.0.0.0'], ['--metrics-port', '70000']]) {
    const fake = fakeIo(dir);
    const code = await main(['run', '-n', '1', '-d', '1s', '--no-ui', ...argv], fake.io);
    assert.equal(code, 104, fake.stderr());
    assert.match(fake.stderr(), /--metrics-(host needs --metrics-port|port)/);
  }
}));
