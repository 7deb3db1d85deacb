import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startGateway, type Gateway } from '../../src/gateway/server.js';
import type { Fleet } from '../../src/runner/fleet.js';
import { runLoadTest } from '../../src/runner/run.js';
import { summaryText } from '../helpers/summary-text.js';
import { fleetOptions } from '../helpers/fleet-options.js';
import { sleep, waitUntil } from '../helpers/poll.js';
import { peakInWindow, seededRandom } from '../helpers/seeded-random.js';
import { deferred } from '../helpers/wait.js';

// The central system is killed and restarted mid-run, on real sockets: a gateway on a port
// found by a first port-0 listen is closed (1001 to every charge point), stays down a while,
// and a new gateway starts on the same port. Every charge point must come back and boot again,
// spread out by its jittered back-off rather than all in the same instant.

const COUNT = 100;
const DOWNTIME_MS = 500;
const BACKOFF = Object.freeze({ initialMs: 250, maxMs: 1000, factor: 2 });

/** Starts a gateway that timestamps (performance.now()) every charge point connection it accepts. */
async function timedGateway(port: number, connectedAt: number[]): Promise<Gateway> {
  return startGateway({
    port, heartbeatIntervalSec: 60,
    log: (line) => { if (/ connected from /.test(line)) connectedAt.push(performance.now()); },
  });
}

test('after the central system is killed and restarted on the same port, every charge point reconnects and boots again, spread out by jitter', async (t) => {
  const firstConnects: number[] = [];
  const first = await timedGateway(0, firstConnects);
  const port = first.port;
  const url = first.url;
  let second: Gateway | undefined;
  const secondConnects: number[] = [];
  const stop = new AbortController();
  const fleetReady = deferred<Fleet>();
  const run = runLoadTest(fleetOptions(url, {
    count: COUNT, concurrency: 1000, backoff: BACKOFF, random: seededRandom(7), durationMs: 30_000,
  }), { signal: stop.signal, onStart: (fleet) => fleetReady.resolve(fleet) });
  try {
    const fleet = await fleetReady.promise;
    await waitUntil(() => fleet.snapshot(false).everBooted === COUNT, 5000, 'every charge point to boot on the first gateway');

    await first.close();
    const downAt = performance.now();
    await waitUntil(() => fleet.snapshot(false).open === 0, 2000, 'every charge point to see the gateway go');
    await sleep(DOWNTIME_MS);
    second = await timedGateway(port, secondConnects);
    const upAt = performance.now();
    assert.equal(second.url, url, 'the new gateway serves the same endpoint');
    await waitUntil(() => (second as Gateway).stats().boots.Accepted === COUNT, 5000, 'every charge point to boot again on the new gateway');
    await waitUntil(() => fleet.snapshot(false).open === COUNT, 2000, 'every charge point to be connected');
    // The gateway counts a boot when it answers; the charge point when the answer arrives, a moment later.
    await waitUntil(() => fleet.snapshot(false).states.accepted === COUNT, 2000, 'every charge point to have its second boot answered');

    const peak = peakInWindow(secondConnects, 100);
    const spreadMs = Math.max(...secondConnects) - Math.min(...secondConnects);
    const firstPeak = peakInWindow(firstConnects, 100);
    t.diagnostic(`down ${Math.round(upAt - downAt)} ms; reconnects spread over ${Math.round(spreadMs)} ms, peak ${peak} per 100 ms (first start: ${firstPeak} per 100 ms); all back ${Math.round(Math.max(...secondConnects) - downAt)} ms after the kill`);
    // Once each; on a loaded machine a BootNotification may time out and its charge point connect again.
    assert.ok(secondConnects.length >= COUNT && secondConnects.length <= COUNT * 1.1, `each charge point connected to the new gateway, about once (${secondConnects.length} connects of ${COUNT})`);
    // All at once would be all COUNT in one window; full jitter with a 1 s cap spreads them over about a second.
    assert.ok(peak <= COUNT / 2, `reconnects spread by jitter: at most ${COUNT / 2} of ${COUNT} in any 100 ms, got ${peak}`);
    assert.ok(spreadMs >= 500, `reconnects spread over at least 500 ms (got ${Math.round(spreadMs)})`);
  } finally {
    stop.abort();
    await run;
    await second?.close();
    await first.close();
  }
  const result = await run;
  const m = result.fleet.metrics;
  assert.equal(m.disconnects['1001'], COUNT, 'every charge point saw the gateway close with 1001 (going away)');
  assert.equal(Object.values(m.disconnects).reduce((a, b) => a + b, 0), COUNT, 'no other disconnect was counted');
  assert.equal(m.reconnects, COUNT);
  assert.equal(m.boots.Accepted, 2 * COUNT, 'booted once per gateway');
  assert.ok(m.connectFailures > 0, 'attempts while the gateway was down failed and were counted');
  const summary = summaryText(result);
  assert.match(summary, new RegExp(`${2 * COUNT} opened \\(${COUNT} reconnects\\)`));
  assert.match(summary, new RegExp(`${COUNT} closed by the peer`));
  assert.match(summary, new RegExp(`closed by the peer, by close code: 1001×${COUNT}`));
});
