import { test } from 'node:test';
import assert from 'node:assert/strict';
import { assignScenarios, parseScenarioWeights, ScenarioWeightsError } from '../../../src/chargepoint/scenario/weights.js';

// `--scenario a.yaml --scenario b.yaml:30%`: pure parsing of the weights, and a pure,
// deterministic split of a fleet's indexes between the scenarios.

const GOOD: Array<{ args: string[]; out: Array<{ file: string; weight: number }> }> = [
  { args: [], out: [] },
  { args: ['a.yaml'], out: [{ file: 'a.yaml', weight: 100 }] },
  { args: ['a.yaml', 'b.yaml:30%'], out: [{ file: 'a.yaml', weight: 70 }, { file: 'b.yaml', weight: 30 }] },
  { args: ['a.yaml', 'b.yaml', 'c.yaml:40%'], out: [{ file: 'a.yaml', weight: 30 }, { file: 'b.yaml', weight: 30 }, { file: 'c.yaml', weight: 40 }] },
  { args: ['a.yaml:25%', 'b.yaml:75%'], out: [{ file: 'a.yaml', weight: 25 }, { file: 'b.yaml', weight: 75 }] },
  { args: ['a.yaml', 'b.yaml', 'c.yaml'], out: [{ file: 'a.yaml', weight: 100 / 3 }, { file: 'b.yaml', weight: 100 / 3 }, { file: 'c.yaml', weight: 100 / 3 }] },
  { args: ['C:\\runs\\a.yaml:12.5%', 'b.yaml'], out: [{ file: 'C:\\runs\\a.yaml', weight: 12.5 }, { file: 'b.yaml', weight: 87.5 }] },
  { args: ['plain:colon.yaml'], out: [{ file: 'plain:colon.yaml', weight: 100 }] },
];

for (const { args, out } of GOOD) {
  test(`--scenario ${args.join(' --scenario ') || '(none)'} gives ${out.map((o) => `${o.file} ${Number(o.weight.toFixed(2))}%`).join(', ') || 'no scenarios'}`, () => {
    assert.deepEqual(parseScenarioWeights(args), out);
  });
}

const BAD: Array<{ args: string[]; says: RegExp[] }> = [
  { args: ['a.yaml:60%', 'b.yaml:50%'], says: [/add up to 110%, more than 100%/] },
  { args: ['a.yaml:100%', 'b.yaml'], says: [/add up to 100%: nothing is left for the 1 scenario/] },
  { args: ['a.yaml:30%'], says: [/add up to 30%; make them add up to 100%/] },
  { args: ['a.yaml:0%', 'b.yaml'], says: [/above 0% and at most 100%/] },
  { args: ['a.yaml:150%'], says: [/above 0% and at most 100%/, /more than 100%/] },
  { args: ['a.yaml', 'a.yaml'], says: [/'a\.yaml' is given twice/] },
  { args: [':30%', 'b.yaml'], says: [/no file name/] },
];

for (const { args, says } of BAD) {
  test(`--scenario ${args.join(' --scenario ')} is refused, every problem named`, () => {
    assert.throws(() => parseScenarioWeights(args), (error: unknown) => {
      assert.ok(error instanceof ScenarioWeightsError);
      assert.equal(error.code, 'E_SCENARIO_WEIGHTS');
      assert.equal(error.problems.length, says.length, error.message);
      says.forEach((pattern, i) => assert.match(error.problems[i] as string, pattern));
      return true;
    });
  });
}

test('a fleet is split by largest remainder: the counts add up and stay within one of the exact shares', () => {
  for (const [count, weights] of [[10, [70, 30]], [7, [100 / 3, 100 / 3, 100 / 3]], [1, [50, 50]], [1000, [12.5, 87.5]], [3, [90, 5, 5]]] as const) {
    const split = assignScenarios(count, weights.map((weight, i) => ({ scenario: i, weight })));
    assert.equal(split.length, count);
    const counts = weights.map((_, i) => split.filter((s) => s === i).length);
    const sum = weights.reduce((a, b) => a + b, 0);
    counts.forEach((n, i) => assert.ok(Math.abs(n - (count * (weights[i] as number)) / sum) < 1, `${count} × ${weights.join('/')}: ${counts.join('/')}`));
  }
});

test('the split interleaves the scenarios along the fleet, the same every time', () => {
  const weighted = [{ scenario: 'a', weight: 70 }, { scenario: 'b', weight: 30 }];
  const split = assignScenarios(10, weighted);
  assert.deepEqual(split, ['a', 'b', 'a', 'a', 'a', 'b', 'a', 'a', 'b', 'a']);
  assert.deepEqual(assignScenarios(10, weighted), split);
  assert.deepEqual(assignScenarios(4, [{ scenario: 'x', weight: 1 }, { scenario: 'y', weight: 1 }]), ['x', 'y', 'x', 'y']);
  assert.deepEqual(assignScenarios(3, [{ scenario: 'only', weight: 100 }]), ['only', 'only', 'only']);
});

test('parseScenarioWeights and assignScenarios together: 30% of 20 charge points run b', () => {
  const weighted = parseScenarioWeights(['a.yaml', 'b.yaml:30%']).map(({ file, weight }) => ({ scenario: file, weight }));
  const split = assignScenarios(20, weighted);
  assert.equal(split.filter((s) => s === 'b.yaml').length, 6);
});
