import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { test } from 'node:test';
import { prometheusOutput } from '../../../src/report/outputs/prometheus.js';
import { emptyFleetSnapshot, type FleetView } from '../../../src/runner/fleet.js';
import { repoRoot } from '../../helpers/repo-root.js';

// The Prometheus output on a real port: served from start to close, the attached fleet's
// figures once there is one, a port that cannot be listened on refused at start.

const RUN = { url: 'ws://127.0.0.1:1/ocpp', scenario: 's', protocol: 'ocpp1.6', count: 7, durationMs: 1000, intervalMs: 100 };

async function scrape(url: string): Promise<string> {
  const response = await fetch(url);
  assert.equal(response.status, 200);
  return response.text();
}

test('prometheus: serves from start (this process, an empty fleet), the attached fleet after attach, nothing after close', async () => {
  const output = prometheusOutput('127.0.0.1', 0, '--metrics-port');
  const line = await output.start?.(RUN);
  const url = /^metrics served at (http:\/\/127\.0\.0\.1:\d+\/metrics)$/.exec(line ?? '')?.[1];
  assert.ok(url, `the start line names the URL: ${line}`);
  try {
    const before = await scrape(url);
    assert.match(before, /^ocpp_sim_charge_points_configured 0$/m);
    const fleet = { ...emptyFleetSnapshot(7), everBooted: 5 };
    const live: FleetView = { snapshot: () => fleet, outageBegins() {}, paused: false, pause() {}, resume() {} };
    output.attach?.(live);
    const after = await scrape(url);
    assert.match(after, /^ocpp_sim_charge_points_configured 7$/m);
    assert.match(after, /^ocpp_sim_charge_points_booted_total 5$/m);
    // docs/reports.md's table names every metric served, and every state of ocpp_sim_charge_points.
    const reports = readFileSync(join(repoRoot(), 'docs', 'reports.md'), 'utf8');
    const families = [...after.matchAll(/^# TYPE (\S+) /gm)].map((m) => m[1] as string);
    assert.ok(families.length >= 20, families.join(' '));
    for (const name of families) assert.ok(reports.includes(`\`${name}\``), `docs/reports.md names ${name}`);
    const stateRow = reports.split('\n').find((row) => row.startsWith('| `ocpp_sim_charge_points` |')) ?? '';
    for (const [, state] of after.matchAll(/^ocpp_sim_charge_points\{state="([^"]+)"\}/gm)) assert.ok(stateRow.includes(`\`${state}\``), `docs/reports.md lists the state ${state}`);
  } finally {
    await output.close?.();
  }
  await assert.rejects(fetch(url), 'the port is closed');
  await output.close?.();
});

test('prometheus: a port in use is refused at start in one line naming it', async () => {
  const holder = createServer();
  await new Promise<void>((resolve) => holder.listen(0, '127.0.0.1', resolve));
  const { port } = holder.address() as AddressInfo;
  try {
    const output = prometheusOutput('127.0.0.1', port);
    await assert.rejects(output.start?.(RUN) ?? Promise.resolve(), new RegExp(`^Error: cannot listen on 127\\.0\\.0\\.1:${port}: the port is in use$`));
    await output.close?.();
  } finally {
    holder.close();
  }
});
