import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mergeExpositions } from '../../../src/gateway/cluster/merge-metrics.js';
import { GatewayMetrics } from '../../../src/gateway/gateway-metrics.js';

// Each cluster worker renders its own Prometheus text; GET /metrics answers with their sum.

const A = `# HELP websocket_connections_total WebSocket connections accepted since start
# TYPE websocket_connections_total counter
websocket_connections_total 3
# HELP ocpp_boots_total BootNotification answers by status
# TYPE ocpp_boots_total counter
ocpp_boots_total{status="Accepted"} 3
# HELP ocpp_response_time_seconds in/out
# TYPE ocpp_response_time_seconds histogram
ocpp_response_time_seconds_bucket{action="BootNotification",direction="in",le="0.005"} 2
ocpp_response_time_seconds_bucket{action="BootNotification",direction="in",le="+Inf"} 3
ocpp_response_time_seconds_sum{action="BootNotification",direction="in"} 0.25
ocpp_response_time_seconds_count{action="BootNotification",direction="in"} 3
# HELP websocket_connections_active WebSocket connections open now
# TYPE websocket_connections_active gauge
websocket_connections_active 3
`;

const B = `# HELP websocket_connections_total WebSocket connections accepted since start
# TYPE websocket_connections_total counter
websocket_connections_total 4
# HELP ocpp_boots_total BootNotification answers by status
# TYPE ocpp_boots_total counter
ocpp_boots_total{status="Accepted"} 2
ocpp_boots_total{status="Pending"} 1
# HELP ocpp_response_time_seconds in/out
# TYPE ocpp_response_time_seconds histogram
ocpp_response_time_seconds_bucket{action="BootNotification",direction="in",le="0.005"} 1
ocpp_response_time_seconds_bucket{action="BootNotification",direction="in",le="+Inf"} 3
ocpp_response_time_seconds_sum{action="BootNotification",direction="in"} 0.5
ocpp_response_time_seconds_count{action="BootNotification",direction="in"} 3
ocpp_response_time_seconds_bucket{action="Heartbeat",direction="in",le="0.005"} 1
ocpp_response_time_seconds_bucket{action="Heartbeat",direction="in",le="+Inf"} 1
ocpp_response_time_seconds_sum{action="Heartbeat",direction="in"} 0.001
ocpp_response_time_seconds_count{action="Heartbeat",direction="in"} 1
# HELP websocket_connections_active WebSocket connections open now
# TYPE websocket_connections_active gauge
websocket_connections_active 4
`;

const sample = (text: string, series: string): string | undefined =>
  text.split('\n').find((line) => line.startsWith(`${series} `))?.slice(series.length + 1);

const CASES: Array<{ series: string; value: string; why: string }> = [
  { series: 'websocket_connections_total', value: '7', why: 'counters add up' },
  { series: 'websocket_connections_active', value: '7', why: 'the connection gauge adds up' },
  { series: 'ocpp_boots_total{status="Accepted"}', value: '5', why: 'a labelled series adds up' },
  { series: 'ocpp_boots_total{status="Pending"}', value: '1', why: 'a series only one worker has is kept' },
  { series: 'ocpp_response_time_seconds_bucket{action="BootNotification",direction="in",le="0.005"}', value: '3', why: 'histogram buckets add up' },
  { series: 'ocpp_response_time_seconds_bucket{action="BootNotification",direction="in",le="+Inf"}', value: '6', why: 'the +Inf bucket adds up' },
  { series: 'ocpp_response_time_seconds_sum{action="BootNotification",direction="in"}', value: '0.75', why: 'histogram sums add up' },
  { series: 'ocpp_response_time_seconds_count{action="BootNotification",direction="in"}', value: '6', why: 'histogram counts add up' },
];

for (const { series, value, why } of CASES) {
  test(`merged /metrics: ${why} (${series})`, () => {
    assert.equal(sample(mergeExpositions([A, B]), series), value);
  });
}

test('merged /metrics keeps each family together with its HELP and TYPE once, series of one worker inside their family', () => {
  const lines = mergeExpositions([A, B]).trimEnd().split('\n');
  assert.equal(lines.filter((line) => line.startsWith('# TYPE ocpp_boots_total ')).length, 1);
  assert.equal(lines.filter((line) => line.startsWith('# HELP ')).length, 4);
  const family = (line: string): string => (line.startsWith('#') ? line.split(' ')[2] as string : (/^[a-z_]+/.exec(line)?.[0] as string).replace(/_(bucket|sum|count)$/, ''));
  const order = lines.map(family).filter((name, i, all) => i === 0 || all[i - 1] !== name);
  assert.deepEqual(order, ['websocket_connections_total', 'ocpp_boots_total', 'ocpp_response_time_seconds', 'websocket_connections_active'], 'no family is split');
});

test('merging one real exposition gives it back unchanged, and merging it with itself doubles every sample', () => {
  const metrics = new GatewayMetrics(() => 2);
  metrics.connectionOpened('ocpp2.1');
  metrics.boot('Accepted');
  metrics.callReceived('Heartbeat');
  metrics.callAnswered('Heartbeat', 3);
  metrics.connectionClosed(12_000);
  const text = metrics.render();
  assert.equal(mergeExpositions([text]), text);
  const doubled = mergeExpositions([text, text]);
  assert.equal(sample(doubled, 'websocket_connections_active'), '4');
  assert.equal(sample(doubled, 'websocket_connection_duration_seconds_bucket{le="60"}'), '2');
  assert.equal(sample(doubled, 'ocpp_messages_total{action="Heartbeat",direction="in"}'), '2');
});
