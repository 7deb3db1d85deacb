import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { repoRoot } from '../helpers/repo-root.js';

// What a process loads before its command runs is memory it keeps (docs/benchmarks.md, "The fixed
// baseline of a run process"): commands, outputs and the 2.1 schemas are imported when used, never
// by a static import from the CLI's entry or from run's command. This reads the static import
// graph (type-only imports are erased at run time; `await import(…)` is not followed).

const SRC = join(repoRoot(), 'src');

/** Every src file (relative to src/) and package reached from `entry` by static value imports. */
function staticGraph(entry: string): Set<string> {
  const reached = new Set<string>();
  const queue = [entry];
  while (queue.length > 0) {
    const file = queue.pop() as string;
    if (reached.has(file)) continue;
    reached.add(file);
    const text = readFileSync(join(SRC, file), 'utf8');
    for (const match of text.matchAll(/^\s*(import|export)\s+(type\s+)?[^'"]*?from\s+'([^']+)'/gm)) {
      if (match[2]) continue;
      const spec = match[3] as string;
      if (spec.startsWith('node:')) continue;
      if (!spec.startsWith('.')) {
        reached.add(spec.startsWith('@') ? spec.split('/').slice(0, 2).join('/') : spec.split('/')[0] as string);
        continue;
      }
      const base = join(file, '..', spec).replace(/\.js$/, '');
      const next = [`${base}.ts`, `${base}.tsx`].find((candidate) => existsSync(join(SRC, candidate)));
      assert.ok(next, `${file} imports ${spec}, which is no source file`);
      queue.push(next);
    }
  }
  return reached;
}

test('the CLI entry loads no command module and no heavy package: each command is imported when its action runs', () => {
  const reached = staticGraph('cli/main.ts');
  const commands = ['run', 'gateway', 'check', 'report', 'report-compare', 'report-html', 'selftest', 'validate', 'scenarios'].map((name) => `cli/${name}-command.ts`);
  const loaded = [...commands, 'ws', 'ajv', 'yaml', 'hdr-histogram-js', 'chalk', 'ink', 'react', 'typed-ocpp'].filter((item) => reached.has(item));
  assert.deepEqual(loaded, []);
});

test('run\'s command loads neither the 2.1 schemas, chalk, the dashboard, the HTML report, the Prometheus server, the gateway, nor another command', () => {
  const reached = staticGraph('cli/run-command.ts');
  const loaded = [...reached].filter((item) => ['typed-ocpp', 'chalk', 'ink', 'react'].includes(item)
    || /^(ui\/dashboard\/|ui\/outputs\/|report\/html\/|report\/outputs\/(html|prometheus|junit|ndjson|trace)\.ts|check\/|cli\/selftest|gateway\/server\.ts|cli\/(check|report|selftest|validate|scenarios|gateway)-command\.ts)/.test(item));
  assert.deepEqual(loaded, []);
  assert.ok(reached.has('chargepoint/charge-point.ts') && reached.has('ws'), 'the graph is followed (run does load the charge point and ws)');
});
