import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import type { Socket } from 'node:net';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import WebSocket from 'ws';
import type { OcppVersion } from '../../src/protocol/versions.js';
import { assertOutcome, forVersion, frameCorpus, gatewayPayloadCorpus } from '../helpers/bad-frames.js';
import { childPids, hasProcFs } from '../helpers/child-processes.js';
import { withTempDir } from '../helpers/cli-run.js';
import { waitUntil } from '../helpers/poll.js';
import { RawClient } from '../helpers/raw-peer.js';
import { repoRoot } from '../helpers/repo-root.js';
import { withTimeout } from '../helpers/wait.js';

// The hostile-peer corpus against `ocpp-sim gateway --workers 2` as its own processes, on real
// sockets, for 1.6 and 2.0.1: every malformed frame (7,000-deep nesting, prototype names,
// 8,000-character actions, unknown ids, binary, invalid UTF-8, 2 MB), fragments, a CALL flood
// and a ping flood from clients that never read. Afterwards both workers still run and serve,
// and their memory grew by a bounded amount.

const MAX_MESSAGE = 65_536;
const VERSIONS: OcppVersion[] = ['ocpp1.6', 'ocpp2.0.1'];
/** Growth allowed for the sum of the workers' resident memory over the whole corpus. */
const RSS_GROWTH_BOUND = 150 * 1024 * 1024;

const rssOf = (pid: number): number => Number(/VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0) * 1024;
const tcpOf = (ws: WebSocket): Socket => (ws as unknown as { _socket: Socket })._socket;

async function startGatewayProcess(dir: string): Promise<{ child: ChildProcess; url: string; httpUrl: string; workers: number[]; output: () => string }> {
  const entry = join(dir, 'cli.mjs');
  const main = pathToFileURL(join(repoRoot(), 'build', 'src', 'cli', 'main.js')).href;
  await writeFile(entry, `const { main } = await import(${JSON.stringify(main)});\nprocess.exitCode = await main(process.argv.slice(2));\n`);
  const child = spawn(process.execPath, [entry, 'gateway', '--workers', '2', '--port', '0', '--max-message-size', String(MAX_MESSAGE), '--max-buffered', '262144', '--write-timeout', '0'],
    { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout?.on('data', (chunk: Buffer) => { out += chunk.toString(); });
  child.stderr?.on('data', (chunk: Buffer) => { out += chunk.toString(); });
  await waitUntil(() => /listening on/.test(out) && /with 2 worker processes/.test(out), 15_000, 'the gateway to listen');
  const url = /listening on (ws:\/\/\S+)\/\{chargePointId\}/.exec(out)?.[1] as string;
  return { child, url, httpUrl: url.replace(/^ws:/, 'http:').replace(/\/ocpp$/, ''), workers: childPids(child.pid as number, 'worker-main'), output: () => out };
}

test('gateway --workers 2 survives the hostile-peer corpus on 1.6 and 2.0.1, keeps serving, and its memory stays bounded',
  { skip: !hasProcFs() && 'needs /proc for the workers\' memory' }, () => withTempDir(async (dir) => {
    const gateway = await startGatewayProcess(dir);
    const extra: WebSocket[] = [];
    try {
      assert.equal(gateway.workers.length, 2);
      const rssBefore = gateway.workers.reduce((sum, pid) => sum + rssOf(pid), 0);
      for (const version of VERSIONS) {
        // Several connections, so both workers (round robin) get the corpus.
        for (let c = 0; c < 2; c++) {
          const client = await RawClient.connect(`${gateway.url}/BAD-${version}-${c}`, version);
          for (const entry of [...forVersion(frameCorpus(MAX_MESSAGE), version).filter((e) => !e.closes), ...gatewayPayloadCorpus(version)]) {
            const from = client.received.length;
            client.send(entry.wire);
            assertOutcome(`${version} ${entry.name}`, entry.expect, await client.probe(from, undefined, 10_000));
          }
          // A CALL in two fragments is one message (RFC 6455 §5.4).
          const ws = (client as unknown as { ws: WebSocket }).ws;
          const from = client.received.length;
          ws.send('[2,"frag","Heart', { fin: false });
          ws.send('beat",{}]', { fin: true });
          await client.probe(from, undefined, 10_000);
          assert.ok(client.received.some((f) => Array.isArray(f) && f[0] === 3 && f[1] === 'frag'), 'the fragmented CALL is answered');
          client.close();
        }
        for (const entry of forVersion(frameCorpus(MAX_MESSAGE), version).filter((e) => e.closes)) {
          const bad = await RawClient.connect(`${gateway.url}/CLOSER-${version}`, version);
          bad.send(entry.wire);
          assert.deepEqual({ close: await bad.whenClosed() }, entry.expect, entry.name);
        }
        const huge = await RawClient.connect(`${gateway.url}/HUGE-${version}`, version);
        huge.send({ text: `[2,"h","DataTransfer",{"vendorId":"x","data":"${'y'.repeat(2 * 1024 * 1024)}"}]` });
        assert.equal(await huge.whenClosed(), 1009, 'a 2 MB frame closes with 1009');
      }
      // A client that floods CALLs and a client that floods pings, neither reading a byte.
      for (const kind of ['calls', 'pings']) {
        const ws = new WebSocket(`${gateway.url}/FLOOD-${kind}`, ['ocpp1.6']);
        extra.push(ws);
        ws.on('error', () => {});
        await withTimeout(new Promise((resolve, reject) => { ws.once('open', resolve); ws.once('error', reject); }), 5000, 'the flooding client to connect');
        tcpOf(ws).pause();
        const closed = new Promise<void>((resolve) => tcpOf(ws).once('close', () => resolve()));
        let gone = false;
        void closed.then(() => { gone = true; });
        for (let batch = 0; batch < 300 && !gone; batch++) {
          for (let i = 0; i < 1_000; i++) {
            if (kind === 'calls') ws.send('[2,"f","Heartbeat",{}]');
            else ws.ping(Buffer.alloc(125, 1));
          }
          await new Promise((resolve) => setImmediate(resolve));
        }
        await withTimeout(closed, 20_000, `the ${kind} flood to be cut`);
      }
      // Ids named like Object.prototype properties are ordinary charge points.
      for (const id of ['__proto__', 'constructor', 'toString']) {
        const ws = new WebSocket(`${gateway.url}/${id}`, ['ocpp1.6']);
        extra.push(ws);
        await withTimeout(new Promise((resolve, reject) => { ws.once('open', resolve); ws.once('error', reject); }), 5000, `${id} to connect`);
      }
      const connections = await (await fetch(`${gateway.httpUrl}/connections`)).json() as { connections: Record<string, unknown> };
      for (const id of ['__proto__', 'constructor', 'toString']) assert.ok(Object.hasOwn(connections.connections, id), `${id} listed as a connection`);

      const health = await (await fetch(`${gateway.httpUrl}/health`)).json() as { status: string; workers: { running: number; total: number } };
      assert.deepEqual([health.status, health.workers], ['healthy', { running: 2, total: 2 }], 'both workers still run');
      assert.equal(gateway.child.exitCode, null, 'the gateway is alive');
      const metrics = await (await fetch(`${gateway.httpUrl}/metrics`)).text();
      assert.ok(metrics.length < 2_000_000, `/metrics is ${metrics.length} characters`);
      const growth = gateway.workers.reduce((sum, pid) => sum + rssOf(pid), 0) - rssBefore;
      assert.ok(growth < RSS_GROWTH_BOUND, `the workers grew by ${(growth / 1048576).toFixed(1)} MiB`);
      assert.doesNotMatch(gateway.output(), /RangeError|Maximum call stack|\n\s+at /, 'no stack trace in the log');
    } finally {
      for (const ws of extra) ws.terminate();
      gateway.child.kill('SIGTERM');
      await withTimeout(new Promise((resolve) => { if (gateway.child.exitCode !== null) resolve(null); else gateway.child.once('exit', resolve); }), 10_000, 'the gateway to exit')
        .catch(() => gateway.child.kill('SIGKILL'));
    }
  }));
