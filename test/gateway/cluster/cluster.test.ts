import { test } from 'node:test';
import { createServer, type AddressInfo } from 'node:net';
import assert from 'node:assert/strict';
import WebSocket from 'ws';
import { startGatewayCluster } from '../../../src/gateway/cluster/primary.js';
import { REPLACED_CLOSE_CODE } from '../../../src/gateway/connection-registry.js';
import type { GatewayCluster, WorkerExitEvent } from '../../../src/gateway/cluster/options.js';
import type { LogEntry } from '../../../src/gateway/logger.js';
import { childPids } from '../../helpers/child-processes.js';
import { waitUntil } from '../../helpers/poll.js';
import { withTimeout } from '../../helpers/wait.js';
import { closeWebSocket, closedEvent, WAIT_MS } from '../ocpp-test-client.js';

// A real cluster of two gateway worker processes on one port (node:cluster), real ws charge
// points: the HTTP endpoints answer for the whole gateway, whichever worker a request or a
// charge point landed on.

const COUNT = 20;
const ids = Array.from({ length: COUNT }, (_, i) => `CP-${String(i + 1).padStart(2, '0')}`);

/** A charge point that boots, then answers every CALL of the gateway with status Accepted. */
async function chargePoint(url: string, id: string): Promise<WebSocket> {
  const ws = new WebSocket(`${url}/${id}`, ['ocpp1.6']);
  const booted = new Promise<void>((resolve) => {
    ws.on('message', (data) => {
      const frame = JSON.parse(data.toString()) as unknown[];
      if (frame[0] === 2) ws.send(JSON.stringify([3, frame[1], { status: 'Accepted' }]));
      if (frame[0] === 3 && frame[1] === 'boot') resolve();
    });
  });
  await withTimeout(new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('error', reject);
  }), WAIT_MS, `the handshake of ${id}`);
  ws.send(JSON.stringify([2, 'boot', 'BootNotification', { chargePointVendor: 'Acme', chargePointModel: 'Sim-1' }]));
  await withTimeout(booted, WAIT_MS, `the boot of ${id}`);
  return ws;
}

/** One HTTP request on a connection of its own, so successive requests are dealt to different workers. */
async function http(cluster: GatewayCluster, method: string, path: string, body?: unknown): Promise<{ status: number; text: string }> {
  const response = await withTimeout(fetch(`${cluster.httpUrl}${path}`, {
    method, headers: { connection: 'close', 'content-type': 'application/json' }, ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  }), WAIT_MS, `${method} ${path}`);
  return { status: response.status, text: await response.text() };
}

const json = async (cluster: GatewayCluster, method: string, path: string, body?: unknown): Promise<{ status: number; body: Record<string, unknown> }> => {
  const { status, text } = await http(cluster, method, path, body);
  return { status, body: JSON.parse(text) as Record<string, unknown> };
};

const sample = (text: string, series: string): number => Number(text.split('\n').find((line) => line.startsWith(`${series} `))?.slice(series.length + 1));

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

test('two workers behind one port answer /connections, /metrics, /health, calls and broadcasts for all charge points', async () => {
  const logs: Array<{ line: string; entry: LogEntry | undefined }> = [];
  const exits: WorkerExitEvent[] = [];
  const cluster = await startGatewayCluster({ workers: 2, port: 0, log: (line, entry) => logs.push({ line, entry }), onWorkerExit: (e) => exits.push(e) });
  const sockets: WebSocket[] = [];
  try {
    assert.equal(cluster.pids.length, 2);
    assert.match(cluster.url, /^ws:\/\/127\.0\.0\.1:\d+\/ocpp$/);
    assert.notEqual(cluster.port, 0, 'port 0 became one real port, shared');
    for (const id of ids) sockets.push(await chargePoint(cluster.url, id));
    const holders = new Set(logs.filter((l) => / connected from /.test(l.line)).map((l) => l.entry?.worker));
    assert.deepEqual([...holders].sort(), [1, 2], 'both workers hold charge points');

    for (let i = 0; i < 4; i++) {
      const { status, body } = await json(cluster, 'GET', '/connections');
      assert.equal(status, 200);
      assert.equal(body.total_connections, COUNT, `request ${i}`);
      assert.deepEqual(Object.keys(body.connections as object).sort(), ids);
    }
    const health = await json(cluster, 'GET', '/health');
    assert.equal(health.body.status, 'healthy');
    assert.equal(health.body.connections, COUNT);
    assert.deepEqual(health.body.workers, { running: 2, total: 2 });

    const metrics = (await http(cluster, 'GET', '/metrics')).text;
    assert.equal(sample(metrics, 'websocket_connections_total'), COUNT);
    assert.equal(sample(metrics, 'websocket_connections_active'), COUNT);
    assert.equal(sample(metrics, 'ocpp_boots_total{status="Accepted"}'), COUNT);
    assert.equal(sample(metrics, 'ocpp_response_time_seconds_count{action="BootNotification",direction="in"}'), COUNT);
    assert.equal(sample(metrics, 'ocpp_response_time_seconds_bucket{action="BootNotification",direction="in",le="+Inf"}'), COUNT);
    assert.equal(metrics.split('\n').filter((line) => line === '# TYPE ocpp_boots_total counter').length, 1);

    const calls = await Promise.all(ids.map((id) => json(cluster, 'POST', `/connections/${id}/call`, { action: 'Reset', payload: { type: 'Soft' } })));
    for (const call of calls) assert.deepEqual(call, { status: 200, body: { result: { status: 'Accepted' } } });
    const unknown = await json(cluster, 'POST', '/connections/CP-99/call', { action: 'Reset', payload: { type: 'Soft' } });
    assert.equal(unknown.status, 404);
    assert.equal((unknown.body.error as { code: string }).code, 'E_UNKNOWN_CHARGE_POINT');

    const broadcast = await json(cluster, 'POST', '/call', { action: 'ClearCache', payload: {} });
    assert.equal(broadcast.status, 200);
    const results = broadcast.body.results as Record<string, unknown>;
    assert.deepEqual(Object.keys(results).sort(), ids);
    for (const id of ids) assert.deepEqual(results[id], { result: { status: 'Accepted' } });
    assert.equal(sample((await http(cluster, 'GET', '/metrics')).text, 'ocpp_messages_total{action="ClearCache",direction="out"}'), COUNT);

    // The newest connection of an id wins across workers too: connect CP-01 twice more.
    const first = sockets[0] as WebSocket;
    const firstClosed = closedEvent(first);
    const second = await chargePoint(cluster.url, 'CP-01');
    const secondClosed = closedEvent(second);
    const third = await chargePoint(cluster.url, 'CP-01');
    sockets.push(second, third);
    assert.equal((await firstClosed).code, 4000);
    assert.equal((await secondClosed).code, 4000);
    const after = await json(cluster, 'GET', '/connections');
    assert.equal(after.body.total_connections, COUNT, 'one row per id');

    // A worker that dies is logged with how it ended, not restarted; the other one serves on.
    const victim = cluster.pids[1] as number;
    process.kill(victim, 'SIGKILL');
    await waitUntil(() => exits.length === 1, WAIT_MS, 'the worker exit to be reported');
    assert.deepEqual(exits[0], { worker: 2, pid: victim, code: null, signal: 'SIGKILL', running: 1 });
    assert.ok(logs.some((l) => l.entry?.level === 'error' && new RegExp(`^worker 2 \\(pid ${victim}\\) exited unexpectedly with signal SIGKILL; not restarted, 1 of 2 workers serve on$`).test(l.line)),
      logs.map((l) => l.line).join('\n'));
    const degraded = await json(cluster, 'GET', '/health');
    assert.equal(degraded.body.status, 'degraded');
    assert.deepEqual(degraded.body.workers, { running: 1, total: 2 });
    assert.equal(cluster.running, 1);
    const left = await json(cluster, 'GET', '/connections');
    assert.equal(left.body.total_connections, degraded.body.connections);
    assert.ok((left.body.total_connections as number) < COUNT);
  } finally {
    await Promise.all(sockets.map((ws) => closeWebSocket(ws)));
    await cluster.close();
  }
  assert.ok(logs.some((l) => l.line === 'gateway closed' && l.entry?.worker === undefined));
  assert.deepEqual(cluster.pids.filter(alive), [], 'no worker process left');
});

test('a cluster that cannot listen rejects with the workers\' EADDRINUSE and leaves no process behind', async () => {
  const holder = createServer();
  await new Promise<void>((resolve) => holder.listen(0, '127.0.0.1', resolve));
  const port = (holder.address() as AddressInfo).port;
  try {
    const before = childPids(process.pid, 'worker-main').length;
    const error = await startGatewayCluster({ workers: 2, port }).then(() => undefined, (e: NodeJS.ErrnoException) => e);
    assert.equal(error?.code, 'EADDRINUSE', String(error));
    assert.equal(childPids(process.pid, 'worker-main').length, before, 'the workers are gone');
  } finally {
    await new Promise((resolve) => holder.close(resolve));
  }
});

test('options that cannot cross to worker processes are refused before anything starts', async () => {
  await assert.rejects(startGatewayCluster({ workers: 2, onConnect: () => {} } as never), /E_BAD_OPTIONS|onConnect cannot be used with workers/);
  await assert.rejects(startGatewayCluster({ workers: 0 }), /workers must be an integer >= 1/);
  await assert.rejects(startGatewayCluster({ workers: 2, port: -1 }), /port must be an integer/);
});

test('POST /outage to a cluster drops the charge points of every worker and refuses upgrades until it ends', async () => {
  const cluster = await startGatewayCluster({ workers: 2, port: 0 });
  const sockets: WebSocket[] = [];
  try {
    for (const id of ids.slice(0, 6)) sockets.push(await chargePoint(cluster.url, id));
    const closed = sockets.map((ws) => closedEvent(ws));
    const outage = await json(cluster, 'POST', '/outage', { duration: '1500ms' });
    assert.equal(outage.status, 200);
    assert.equal(outage.body.dropped, 6, 'both workers dropped theirs');
    assert.ok(Date.parse(String(outage.body.until)) > Date.now());
    for (const event of await Promise.all(closed)) assert.equal(event.code, 1006, 'no closing handshake: the central system is gone');
    const refused = await new Promise<number>((resolve) => {
      const ws = new WebSocket(`${cluster.url}/CP-77`, ['ocpp1.6']);
      ws.once('unexpected-response', (_req, res) => { resolve(res.statusCode ?? 0); ws.terminate(); });
      ws.once('open', () => { resolve(101); ws.terminate(); });
      ws.once('error', () => {});
    });
    assert.equal(refused, 503);
    await waitUntil(() => Date.now() > Date.parse(String(outage.body.until)), 3000, 'the outage to end');
    sockets.push(await chargePoint(cluster.url, 'CP-78'));
  } finally {
    for (const ws of sockets) ws.terminate();
    await cluster.close();
  }
});

test('in cluster mode every worker passes the same gate: the API token, Host and Origin checks hold whichever worker answers', async () => {
  const token = 'cluster-api-token-0123456789';
  const cluster = await startGatewayCluster({ workers: 2, port: 0, apiToken: token });
  try {
    const ask = async (headers: Record<string, string>): Promise<number> => (await withTimeout(fetch(`${cluster.httpUrl}/call`, {
      method: 'POST', headers: { connection: 'close', 'content-type': 'application/json', ...headers }, body: JSON.stringify({ action: 'Reset', payload: { type: 'Soft' } }),
    }), WAIT_MS, 'POST /call')).status;
    // Four requests on fresh connections reach both workers (round robin).
    for (let i = 0; i < 4; i++) {
      assert.equal(await ask({}), 401);
      assert.equal(await ask({ authorization: `Bearer ${token}` }), 200);
      assert.equal(await ask({ authorization: `Bearer ${token}`, origin: 'https://evil.example' }), 403);
    }
    assert.equal((await fetch(`${cluster.httpUrl}/health`, { headers: { connection: 'close' } })).status, 200);
  } finally {
    await cluster.close();
  }
});

test('with exclusivePort every worker listens on a port of its own and accepts its connections itself; the endpoints still answer for all', async () => {
  const cluster = await startGatewayCluster({ workers: 2, port: 0, exclusivePort: true });
  const sockets: WebSocket[] = [];
  try {
    assert.equal(cluster.urls.length, 2);
    assert.notEqual(new URL(cluster.urls[0] as string).port, new URL(cluster.urls[1] as string).port, 'two ports');
    sockets.push(await chargePoint(cluster.urls[0] as string, 'CP-A'), await chargePoint(cluster.urls[1] as string, 'CP-B'));
    const { body } = await json(cluster, 'GET', '/connections');
    assert.deepEqual(Object.keys(body.connections as object).sort(), ['CP-A', 'CP-B']);
  } finally {
    for (const ws of sockets) ws.terminate();
    await cluster.close();
  }
});

test('a charge point that connects again through another worker replaces its older connection there, as in one process', async () => {
  const cluster = await startGatewayCluster({ workers: 2, port: 0, exclusivePort: true });
  const sockets: WebSocket[] = [];
  try {
    const first = await chargePoint(cluster.urls[0] as string, 'CP-TWICE');
    sockets.push(first);
    const closed = closedEvent(first);
    sockets.push(await chargePoint(cluster.urls[1] as string, 'CP-TWICE'));
    // The other worker hears of it over IPC, batched (accepted-batch.ts): generous bound for a loaded machine.
    const { code } = await withTimeout(closed, 15_000, 'the older connection to close');
    assert.equal(code, REPLACED_CLOSE_CODE);
    let held: string[] = [];
    for (const deadline = Date.now() + 15_000; Date.now() < deadline; await new Promise((r) => setTimeout(r, 50))) {
      held = Object.keys((await json(cluster, 'GET', '/connections')).body.connections as object);
      if (held.length === 1) break;
    }
    assert.deepEqual(held, ['CP-TWICE'], 'the newer connection stays');
  } finally {
    for (const ws of sockets) ws.terminate();
    await cluster.close();
  }
});
