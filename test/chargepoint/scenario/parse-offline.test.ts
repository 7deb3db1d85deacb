import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkScenario, parseScenario } from '../../../src/chargepoint/scenario/loader.js';
import { yaml } from './harness.js';

// The `offline` step and the `offline:` option as written, and the one-line problem of each
// wrong form, at its line and column.

const FILE = 'offline.yaml';

test('offline: DURATION and offline: { for, steps } become the offline step; the offline: option is kept', () => {
  const scenario = parseScenario(yaml(
    'offline: { queueSize: 50, drop: oldest, keepRunning: true }',
    'steps:',
    '  - boot',
    '  - offline: 20s',
    '  - offline:',
    '      for: 1m',
    '      steps:',
    '        - startTransaction: { connector: 1 }',
    '        - stopTransaction',
  ), FILE);
  assert.deepEqual(scenario.offline, { queueSize: 50, drop: 'oldest', keepRunning: true });
  assert.deepEqual(scenario.steps.slice(1).map((s) => (s.type === 'offline' ? [s.line, s.forMs, s.steps.map((n) => n.type)] : s.type)),
    [[4, 20_000, []], [5, 60_000, ['startTransaction', 'stopTransaction']]]);
});

const BAD: Array<[name: string, lines: string[], problem: string]> = [
  ['no duration', ['steps:', '  - offline: { steps: [boot] }'], "2:14: offline needs how long: 'offline: 20s', or 'offline: { for: 20s, steps: [...] }'"],
  ['a duration that is none', ['steps:', '  - offline: soon'], "2:14: offline must be a duration such as '5s', '500ms' or '1m30s' (got \"soon\")"],
  ['no time at all', ['steps:', '  - offline: 0s'], '2:14: offline must last more than 0 and at most 24h'],
  ['an unknown option', ['steps:', '  - offline: { for: 1s, during: [boot] }'], "2:25: step 'offline' has no option 'during' (options: for, steps)"],
  ['empty steps', ['steps:', '  - offline: { for: 1s, steps: [] }'], "2:32: offline 'steps' must be a non-empty list of steps (they run while offline)"],
  ['a queue size out of range', ['offline: { queueSize: 0 }', 'steps: [boot]'], '1:23: offline.queueSize must be a whole number from 1 to 100000'],
  ['a drop rule that is none', ['offline: { drop: random }', 'steps: [boot]'], '1:18: offline.drop must be one of updates-first, oldest, newest'],
  ['keepRunning not a boolean', ['offline: { keepRunning: yes please }', 'steps: [boot]'], '1:25: offline.keepRunning must be true or false'],
  ['an unknown option key', ['offline: { size: 3 }', 'steps: [boot]'], "1:12: unknown offline option 'size' (expected one of: queueSize, drop, keepRunning)"],
  ['an option that is not a mapping', ['offline: 20s', 'steps: [boot]'], '1:10: offline must be a mapping (options: queueSize, drop, keepRunning)'],
];

for (const [name, lines, problem] of BAD) {
  test(`offline with ${name} is refused: ${problem}`, () => {
    const { problems } = checkScenario(yaml(...lines), FILE);
    assert.deepEqual(problems.map((p) => `${p.line}:${p.column}: ${p.message}`), [problem]);
  });
}
