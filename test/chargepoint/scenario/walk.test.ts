import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseScenario } from '../../../src/chargepoint/scenario/loader.js';
import type { Step } from '../../../src/chargepoint/scenario/types.js';
import { MAX_WALK_DEPTH, walkSteps } from '../../../src/chargepoint/scenario/walk.js';
import { yaml } from './harness.js';

/** Every visit as `type@path/depth`, in visiting order. */
function visits(steps: readonly Step[]): string[] {
  const seen: string[] = [];
  walkSteps(steps, (step, place) => seen.push(`${step.type}@${place.path.join('.')}/${place.depth}`));
  return seen;
}

function stepsOf(...lines: string[]): readonly Step[] {
  return parseScenario(yaml('name: walk', 'chargePoint: { connectors: 2 }', 'steps:', ...lines), 'walk.yaml').steps;
}

const CASES: Array<{ name: string; lines: string[]; expected: string[] }> = [
  { name: 'a flat list in order, depth 0', lines: ['  - boot', '  - heartbeat', '  - wait: 1s'], expected: ['boot@0/0', 'heartbeat@1/0', 'wait@2/0'] },
  {
    name: 'repeat and forEach children after their parent, one level deeper',
    lines: ['  - boot', '  - repeat:', '      count: 2', '      steps:', '        - heartbeat', '  - forEach: connector', '    steps:', '      - statusNotification'],
    expected: ['boot@0/0', 'repeat@1/0', 'heartbeat@1.0/1', 'forEach@2/0', 'statusNotification@2.0/1'],
  },
  {
    name: 'parallel branches in written order, the branch name in the path',
    lines: ['  - boot', '  - parallel:', '      beat:', '        - heartbeat', '      pause:', '        - wait: 1s', '        - heartbeat'],
    expected: ['boot@0/0', 'parallel@1/0', 'heartbeat@1.beat.0/1', 'wait@1.pause.0/1', 'heartbeat@1.pause.1/1'],
  },
  {
    name: 'nesting inside nesting',
    lines: ['  - boot', '  - repeat:', '      count: 2', '      steps:', '        - parallel:', '            a:', '              - heartbeat'],
    expected: ['boot@0/0', 'repeat@1/0', 'parallel@1.0/1', 'heartbeat@1.0.a.0/2'],
  },
];

for (const { name, lines, expected } of CASES) {
  test(`walkSteps visits ${name}`, () => {
    assert.deepEqual(visits(stepsOf(...lines)), expected);
  });
}

test('walkSteps stops at MAX_WALK_DEPTH on a hand-built tree deeper than that', () => {
  let steps: readonly Step[] = [{ type: 'heartbeat', line: 1 }];
  for (let i = 0; i < MAX_WALK_DEPTH + 10; i++) steps = [{ type: 'repeat', line: 1, count: 1, steps }];
  let deepest = -1;
  let count = 0;
  walkSteps(steps, (_step, place) => {
    count++;
    deepest = Math.max(deepest, place.depth);
  });
  assert.equal(deepest, MAX_WALK_DEPTH);
  assert.equal(count, MAX_WALK_DEPTH + 1);
});
