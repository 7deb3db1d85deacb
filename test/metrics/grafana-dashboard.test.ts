import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { GatewayMetrics } from '../../src/gateway/gateway-metrics.js';
import { fleetExposition } from '../../src/runner/fleet-exposition.js';
import { emptyFleetSnapshot } from '../../src/runner/fleet.js';
import { repoRoot } from '../helpers/repo-root.js';

interface Panel { type: string; title: string; targets?: Array<{ expr: string }> }

/** Every sample name an exposition can have: each family, and a histogram's `_bucket`, `_sum`, `_count`. */
function exposedNames(text: string): Set<string> {
  const names = new Set<string>();
  for (const match of text.matchAll(/^# TYPE (\S+) (\S+)$/gm)) {
    const [, name, type] = match as unknown as [string, string, string];
    names.add(name);
    if (type === 'histogram') for (const suffix of ['_bucket', '_sum', '_count']) names.add(name + suffix);
  }
  return names;
}

test('the Grafana dashboard queries only metrics that the simulator and the gateway expose', () => {
  const dashboard = JSON.parse(readFileSync(join(repoRoot(), 'deploy', 'grafana', 'ocpp-sim-dashboard.json'), 'utf8')) as { panels: Panel[] };
  const exposed = new Set([
    ...exposedNames(fleetExposition(emptyFleetSnapshot(1), [{ name: 'main', stats: { cpuSeconds: 1, cpuPercent: 1, rssBytes: 1, loopDelayP99Ms: 1 } }])),
    ...exposedNames(new GatewayMetrics(() => 0).render()),
  ]);
  const queried = dashboard.panels.flatMap((p) => p.targets ?? []).flatMap((t) => [...t.expr.matchAll(/\b((?:ocpp|websocket)_[a-z0-9_]+)\b/g)].map((m) => m[1] as string));
  assert.ok(queried.length >= 15, `the panels query metrics (${queried.length})`);
  assert.deepEqual([...new Set(queried)].filter((name) => !exposed.has(name)), []);
  const titles = dashboard.panels.filter((p) => p.type === 'timeseries').map((p) => p.title);
  assert.ok(titles.some((t) => t.startsWith('Simulator:')) && titles.some((t) => t.startsWith('Gateway:')), 'both sides');
});
