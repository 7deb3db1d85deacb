import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { PanelId } from '../../../src/ui/dashboard/layout.js';
import { panelNeed } from '../../../src/ui/dashboard/panel-needs.js';
import { busySnapshot, frame, metrics, snapshot } from './fixtures.js';

const needs = (f: ReturnType<typeof frame>, width = 80, selected?: string): string =>
  (['fleet', 'throughput', 'latency', 'errors', 'tool'] as PanelId[]).map((id) => {
    const n = panelNeed(id, f, width, selected);
    return `${id}:${n.min}-${n.ideal}`;
  }).join(' ');

test('what each panel needs follows the data: occupied states, actions, errors, a warning', () => {
  const cases: Array<[string, ReturnType<typeof frame>, number, string | undefined, string]> = [
    ['a busy run, Heartbeat (corrected p99 differs) selected', frame(), 80, 'Heartbeat', 'fleet:3-7 throughput:3-3 latency:3-13 errors:2-8 tool:1-1'],
    ['a busy run, BootNotification selected', frame(), 80, 'BootNotification', 'fleet:3-7 throughput:3-3 latency:3-12 errors:2-8 tool:1-1'],
    ['errors packed into fewer lines when wide', frame(), 200, 'BootNotification', 'fleet:3-7 throughput:3-3 latency:3-12 errors:2-7 tool:1-1'],
    ['nothing yet', frame(snapshot({ metrics: metrics() }), { tool: undefined }), 80, undefined, 'fleet:3-7 throughput:3-3 latency:2-2 errors:1-1 tool:1-1'],
    ['a saturated tool', frame(busySnapshot(), { tool: { cpuSeconds: 0, cpuPercent: 99, rssBytes: 0, loopDelayP99Ms: 0 } }), 80, 'BootNotification', 'fleet:3-7 throughput:3-3 latency:3-12 errors:2-8 tool:2-2'],
  ];
  for (const [name, f, width, selected, expected] of cases) assert.equal(needs(f, width, selected), expected, name);
});
