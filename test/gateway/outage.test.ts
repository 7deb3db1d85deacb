import { test } from 'node:test';
import assert from 'node:assert/strict';
import WebSocket from 'ws';
import { startGateway } from '../../src/gateway/server.js';
import { OutageWindow, outageDurationOf } from '../../src/gateway/outage.js';
import { Fleet } from '../../src/runner/fleet.js';
import { fleetOptions } from '../helpers/fleet-options.js';
import { waitUntil } from '../helpers/poll.js';
import { withTimeout } from '../helpers/wait.js';

// A simulated outage of the gateway, from its HTTP API: every connection dropped, upgrades
// refused with 503 for the window, then served again; real sockets on port 0.

const post = async (url: string, body: unknown): Promise<{ status: number; body: Record<string, unknown> }> => {
  const response = await withTimeout(fetch(`${url}/outage`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }), 5000, 'POST /outage');
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
};

test('POST /outage drops every charge point, refuses them while it lasts, and they all come back and boot again after it', async () => {
  const gateway = await startGateway({ port: 0, heartbeatIntervalSec: 60 });
  const fleet = new Fleet(fleetOptions(gateway.url, { count: 5 }));
  try {
    fleet.start();
    await waitUntil(() => fleet.snapshot().everBooted === 5, 3000, 'five boots');
    const t0 = Date.now();
    const answer = await post(gateway.httpUrl, { duration: '1s' });
    assert.equal(answer.status, 200);
    assert.equal(answer.body.dropped, 5);
    await waitUntil(() => fleet.snapshot().open === 0, 2000, 'every charge point to see the gateway go');
    await waitUntil(() => (fleet.snapshot().metrics.errors['connect:http-503'] ?? 0) > 0, 2000, 'a retry refused with 503 during the outage');
    await waitUntil(() => gateway.stats().boots.Accepted === 10, 5000, 'five boots again after the outage');
    assert.ok(Date.now() - t0 >= 1000, 'not before the outage ended');
    assert.deepEqual(fleet.snapshot().metrics.disconnects, { 1006: 5 });
  } finally {
    await fleet.stop();
    await gateway.close();
  }
});

test('POST /outage with a body that is not {"duration": ...} is refused with 400 and drops nothing', async () => {
  const gateway = await startGateway({ port: 0 });
  const ws = new WebSocket(`${gateway.url}/CP-1`, ['ocpp1.6']);
  try {
    await withTimeout(new Promise((resolve) => ws.once('open', resolve)), 5000, 'open');
    for (const body of [{}, { duration: 'soon' }, { duration: '0s' }, { duration: '48h' }, [1]]) {
      const answer = await post(gateway.httpUrl, body);
      assert.equal(answer.status, 400, JSON.stringify(body));
      assert.match(JSON.stringify(answer.body), /duration/);
    }
    assert.equal(gateway.connectionCount, 1);
  } finally {
    ws.terminate();
    await gateway.close();
  }
});

const DURATIONS: Array<[body: unknown, ms: number | RegExp]> = [
  [{ duration: '60s' }, 60_000],
  [{ duration: '500ms' }, 500],
  [{ duration: '24h' }, 86_400_000],
  [{ duration: 60 }, /"duration" must be a duration/],
  [null, /JSON object/],
];

for (const [body, expected] of DURATIONS) {
  test(`the outage body ${JSON.stringify(body)} gives ${String(expected)}`, () => {
    if (typeof expected === 'number') assert.equal(outageDurationOf(body), expected);
    else assert.throws(() => outageDurationOf(body), expected);
  });
}

test('an outage window lasts its duration, and a second one extends it to whichever ends later', () => {
  const w = new OutageWindow();
  assert.equal(w.active(0), false);
  assert.equal(w.begin(1000, 100), 1100);
  assert.equal(w.active(1099), true);
  assert.equal(w.active(1100), false);
  assert.equal(w.begin(100, 500), 1100, 'a shorter one inside does not shorten it');
  assert.equal(w.begin(1000, 500), 1500);
  w.end();
  assert.equal(w.active(600), false);
});
