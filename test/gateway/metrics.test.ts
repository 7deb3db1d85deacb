import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Counter, Histogram, Registry } from '../../src/metrics/prometheus.js';
import { MAX_KEYS, OTHER_KEY } from '../../src/metrics/bounded-keys.js';
import { startGateway } from '../../src/gateway/server.js';
import { withTimeout } from '../helpers/wait.js';
import { OcppTestClient, WAIT_MS, closedEvent } from './ocpp-test-client.js';

/** The value of one sample line `name{labels} value` in exposition text, or undefined. */
function sample(text: string, series: string): number | undefined {
  const line = text.split('\n').find((l) => l.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
}

test('GET /metrics serves Prometheus text counting connections, messages, CALLs, boots and response times', async () => {
  const gateway = await startGateway({ port: 0 });
  const client = await OcppTestClient.connect(gateway.url, 'CP-M');
  try {
    await client.boot();
    await client.call('Heartbeat', {});
    const pending = gateway.call('CP-M', 'Reset', { type: 'Soft' });
    const frame = await client.next();
    client.send([3, frame[1], { status: 'Accepted' }]);
    await pending;
    const response = await withTimeout(fetch(`${gateway.httpUrl}/metrics`), WAIT_MS, 'GET /metrics');
    assert.equal(response.status, 200);
    assert.match(response.headers.get('content-type') ?? '', /^text\/plain; version=0\.0\.4/);
    const text = await response.text();
    assert.match(text, /^# HELP websocket_connections_total .+\n# TYPE websocket_connections_total counter$/m);
    assert.equal(sample(text, 'websocket_connections_total'), 1);
    assert.equal(sample(text, 'websocket_connections_active'), 1);
    assert.equal(sample(text, 'websocket_messages_total{direction="in"}'), 3);
    assert.equal(sample(text, 'websocket_messages_total{direction="out"}'), 3);
    assert.equal(sample(text, 'ocpp_messages_total{action="BootNotification",direction="in"}'), 1);
    assert.equal(sample(text, 'ocpp_messages_total{action="Heartbeat",direction="in"}'), 1);
    assert.equal(sample(text, 'ocpp_messages_total{action="Reset",direction="out"}'), 1);
    assert.equal(sample(text, 'ocpp_boots_total{status="Accepted"}'), 1);
    assert.equal(sample(text, 'ocpp_response_time_seconds_count{action="Heartbeat",direction="in"}'), 1);
    assert.equal(sample(text, 'ocpp_response_time_seconds_bucket{action="Heartbeat",direction="in",le="+Inf"}'), 1);
    assert.equal(sample(text, 'ocpp_response_time_seconds_count{action="Reset",direction="out"}'), 1);
    assert.equal(sample(text, 'websocket_errors_total'), 0);
    assert.equal(sample(text, 'ocpp_bad_frames_total'), 0);
    assert.match(text, /^# TYPE websocket_connection_duration_seconds histogram$/m);
  } finally {
    await client.close();
    await gateway.close();
  }
});

test('a closed connection is observed in websocket_connection_duration_seconds and the active gauge drops', async () => {
  const gateway = await startGateway({ port: 0 });
  try {
    const client = await OcppTestClient.connect(gateway.url, 'CP-D');
    await client.close();
    await withTimeout((async () => { while (gateway.connectionCount > 0) await new Promise((r) => setTimeout(r, 10)); })(), WAIT_MS, 'the close');
    const text = gateway.metrics();
    assert.equal(sample(text, 'websocket_connection_duration_seconds_count'), 1);
    assert.equal(sample(text, 'websocket_connection_duration_seconds_bucket{le="1"}'), 1);
    assert.equal(sample(text, 'websocket_connections_active'), 0);
  } finally {
    await gateway.close();
  }
});

test('an oversize message counts in websocket_errors_total and CALLERRORs sent count by action and code', async () => {
  const gateway = await startGateway({ port: 0, maxPayload: 100, bootStatus: 'Pending' });
  try {
    const client = await OcppTestClient.connect(gateway.url, 'CP-E');
    await client.boot();
    assert.equal((await client.call('Heartbeat', {}))[2], 'SecurityError');
    const closed = closedEvent(client.ws);
    client.send('x'.repeat(200));
    assert.equal((await closed).code, 1009);
    const text = gateway.metrics();
    assert.equal(sample(text, 'websocket_errors_total'), 1);
    assert.equal(sample(text, 'ocpp_call_errors_total{action="Heartbeat",code="SecurityError"}'), 1);
    assert.equal(sample(text, 'ocpp_boots_total{status="Pending"}'), 1);
  } finally {
    await gateway.close();
  }
});

test('actions of 65,000 characters, prototype names and 300 made-up names keep /metrics and /connections small, counts exact', async () => {
  const gateway = await startGateway({ port: 0, maxPayload: 1_000_000 });
  const client = await OcppTestClient.connect(gateway.url, 'CP-L');
  try {
    const names = ['toString', 'constructor', '__proto__', ...Array.from({ length: 30 }, (_, i) => `${i}`.padEnd(65_000, 'x')), ...Array.from({ length: 300 }, (_, i) => `Made${i}`)];
    for (const name of names) assert.equal((await client.call(name, {}))[2], 'NotImplemented', name.slice(0, 20));
    const text = gateway.metrics();
    assert.ok(text.length < 1_000_000, `/metrics is ${text.length} characters (256 actions of ~20 series each)`);
    const series = [...text.matchAll(/^ocpp_messages_total\{action="([^"]*)",direction="in"\} (\d+)$/gm)];
    assert.ok(series.length <= MAX_KEYS + 1, `${series.length} action series`);
    assert.equal(series.reduce((sum, m) => sum + Number(m[2]), 0), names.length, 'every CALL counted once');
    assert.equal(sample(text, `ocpp_messages_total{action="${OTHER_KEY}",direction="in"}`), 3 + 30 + (300 - MAX_KEYS));
    client.send('[[[[');
    client.send(`[2,"deep","Heartbeat",{"a":${'['.repeat(100)}${']'.repeat(100)}}]`);
    assert.equal((await client.next())[2], 'FormationViolation');
    assert.equal((await client.next())[2], 'FormationViolation');
    assert.equal(sample(gateway.metrics(), 'ocpp_bad_frames_total'), 2, 'each bad frame counted');
    const connections = (await (await fetch(`${gateway.httpUrl}/connections`)).json()) as { connections: Record<string, { last_message: string }> };
    assert.equal(connections.connections['CP-L']?.last_message, OTHER_KEY, 'the last action, Made299, is past the cap');
  } finally {
    await client.close();
    await gateway.close();
  }
});

test('histogram buckets are cumulative with +Inf, sum and count; label values are escaped', () => {
  const registry = new Registry();
  const h = registry.add(new Histogram('h_seconds', 'a histogram', [0.1, 1]));
  const c = registry.add(new Counter('c_total', 'a "counter"\nhelp', ['label']));
  for (const v of [0.05, 0.5, 0.5, 3]) h.observe(v);
  c.inc(['a"b\\c\nd'], 2);
  assert.equal(registry.render(), [
    '# HELP h_seconds a histogram', '# TYPE h_seconds histogram',
    'h_seconds_bucket{le="0.1"} 1', 'h_seconds_bucket{le="1"} 3', 'h_seconds_bucket{le="+Inf"} 4', 'h_seconds_sum 4.05', 'h_seconds_count 4',
    '# HELP c_total a "counter"\\nhelp', '# TYPE c_total counter', 'c_total{label="a\\"b\\\\c\\nd"} 2', '',
  ].join('\n'));
});
