import { test } from 'node:test';
import assert from 'node:assert/strict';
import { planProcesses, type ProcessPlanInput } from '../../src/cli/process-plan.js';
import { checkOpenFileLimit, FD_MARGIN, MAX_AUTO_PROCESSES, processesFor } from '../../src/cli/resource-check.js';

// How many processes a run uses on each side, from the count, --workers, the open-file limit
// and the cores; and the arithmetic under it.

const PROCESSES_FOR: Array<{ count: number; soft: number | undefined; fill?: number; expected: number; why: string }> = [
  { count: 10, soft: 1024, expected: 1, why: 'a small fleet fits one process' },
  { count: 1024 - FD_MARGIN, soft: 1024, expected: 1, why: 'exactly one budget' },
  { count: 1024 - FD_MARGIN + 1, soft: 1024, expected: 2, why: 'one socket over' },
  { count: 20_000, soft: 20_000, expected: 2, why: "this machine: 20,000 sockets and Node's own files do not fit 20,000" },
  { count: 20_000, soft: 20_000, fill: 0.9, expected: 2, why: 'planned at 90% of each budget, still two' },
  { count: 36_000, soft: 20_000, fill: 0.9, expected: 3, why: 'two would be over 90% each' },
  { count: 1_000_000, soft: undefined, expected: 1, why: 'no known limit: one' },
  { count: 5, soft: FD_MARGIN, expected: MAX_AUTO_PROCESSES + 1, why: 'a limit below the margin cannot hold one socket' },
];

for (const { count, soft, fill, expected, why } of PROCESSES_FOR) {
  test(`processesFor(${count}, ${soft}${fill ? `, ${fill}` : ''}) = ${expected}: ${why}`, () => {
    assert.equal(processesFor(count, soft, fill), expected);
  });
}

const base: Omit<ProcessPlanInput, 'count'> = { workers: undefined, embedded: true, softLimit: 20_000 };

const PLANS: Array<{ input: ProcessPlanInput; workers: number; gatewayWorkers: number; why: string }> = [
  { input: { ...base, count: 10 }, workers: 1, gatewayWorkers: 1, why: 'a small run is one process each, as always' },
  { input: { ...base, count: 10_000 }, workers: 1, gatewayWorkers: 1, why: '10,000 fit one process: one (a worker costs its baseline and saves no CPU)' },
  { input: { ...base, count: 19_936 }, workers: 1, gatewayWorkers: 1, why: 'as many as one process holds' },
  { input: { ...base, count: 20_000 }, workers: 2, gatewayWorkers: 2, why: "the headline on this machine: two processes each side" },
  { input: { ...base, count: 50_000 }, workers: 3, gatewayWorkers: 3, why: '50,000 on this machine: three each side' },
  { input: { ...base, count: 20_000, workers: 1 }, workers: 1, gatewayWorkers: 2, why: 'an explicit --workers wins (and is refused by the check)' },
  { input: { ...base, count: 20_000, workers: 3 }, workers: 3, gatewayWorkers: 2, why: 'an explicit --workers 3 wins' },
  { input: { ...base, count: 20_000, embedded: false }, workers: 2, gatewayWorkers: 0, why: 'with --url there is no embedded gateway' },
  { input: { ...base, count: 5000, softLimit: 1024 }, workers: 6, gatewayWorkers: 6, why: 'a small limit: enough processes for it' },
  { input: { ...base, count: 100_000, softLimit: 1024 }, workers: MAX_AUTO_PROCESSES, gatewayWorkers: MAX_AUTO_PROCESSES, why: 'never more than 16 chosen (the check refuses the rest)' },
  { input: { ...base, count: 50_000, softLimit: undefined }, workers: 1, gatewayWorkers: 1, why: 'unlimited files: one process each' },
];

for (const { input, workers, gatewayWorkers, why } of PLANS) {
  test(`plan for ${input.count} charge points (--workers ${input.workers ?? 'not given'}, ${input.embedded ? 'embedded gateway' : '--url'}, limit ${input.softLimit}): ${why}`, () => {
    assert.deepEqual(planProcesses(input), { workers, gatewayWorkers });
  });
}

test('every plan chosen without --workers passes the open-file check whenever 16 processes a side suffice, and is refused in one line otherwise', () => {
  for (const softLimit of [256, 1024, 4096, 20_000]) {
    for (const count of [1, 100, 999, 1000, 5000, 9999, 10_000, 19_936, 19_937, 20_000, 40_000, 100_000]) {
      const plan = planProcesses({ count, workers: undefined, embedded: true, softLimit });
      const problem = checkOpenFileLimit({ count, ...plan }, softLimit);
      if (processesFor(count, softLimit, 0.9) <= MAX_AUTO_PROCESSES) assert.equal(problem, undefined, `${count} charge points at ${softLimit}: ${JSON.stringify(plan)}`);
      else assert.match(problem ?? '', /^[^\n]+ulimit -n \d+[^\n]+$/, `${count} charge points at ${softLimit}`);
    }
  }
});
