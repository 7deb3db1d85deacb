import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { checkOpenFileLimit, FD_MARGIN, readOpenFileLimits } from '../../src/cli/resource-check.js';

// The open-file check `run` makes before it opens thousands of sockets, per process: the
// fleet's share in each simulator process, the embedded gateway's share in each of its
// processes. Table-driven with injected limits, and the reading of /proc/self/limits on text samples.

const CASES: Array<{ count: number; workers: number; gatewayWorkers: number; soft: number; hard?: number; problem: RegExp | undefined; why: string }> = [
  { count: 10, workers: 1, gatewayWorkers: 1, soft: 1024, problem: undefined, why: 'a small run fits the common default of 1,024' },
  { count: 1024 - FD_MARGIN, workers: 1, gatewayWorkers: 0, soft: 1024, problem: undefined, why: 'exactly the limit with the margin fits' },
  { count: 1024 - FD_MARGIN + 1, workers: 1, gatewayWorkers: 0, soft: 1024, problem: /need about 1,025 open files, but the limit is 1,024: run 'ulimit -n 1100'.*, or split the fleet with --workers 2, or use fewer/, why: 'one over is refused' },
  { count: 5000, workers: 1, gatewayWorkers: 6, soft: 1024, hard: 1_048_576, problem: /^5,000 charge points need about 5,064 open files, but the limit is 1,024: run 'ulimit -n 5100' in this shell first, or split the fleet with --workers 6, or use fewer charge points \(a lower --count\)$/, why: 'an explicit --workers 1 that cannot fit names the workers that would' },
  { count: 5000, workers: 2, gatewayWorkers: 0, soft: 1024, problem: /^5,000 charge points over 2 processes need about 2,564 open files each, but the limit is 1,024: run 'ulimit -n 2600' in this shell first, or split the fleet with --workers 6, or use fewer/, why: 'too few workers: their share per process is named' },
  { count: 5000, workers: 6, gatewayWorkers: 6, soft: 1024, problem: undefined, why: 'enough processes on both sides fit under a small limit' },
  { count: 5000, workers: 6, gatewayWorkers: 2, soft: 1024, problem: /^5,000 charge points need about 2,564 open files in each of the embedded gateway's 2 processes, but the limit is 1,024: run 'ulimit -n 2600' in this shell first, or use fewer/, why: 'the embedded gateway is named when its processes are the ones over' },
  { count: 5000, workers: 1, gatewayWorkers: 0, soft: 4096, hard: 4096, problem: /run 'ulimit -n 5100' in this shell first — above the hard limit of 4,096, which only root can raise/, why: 'a fix beyond the hard limit says so' },
  { count: 20_000, workers: 1, gatewayWorkers: 2, soft: 20_000, problem: /^20,000 charge points need about 20,064 open files, but the limit is 20,000: .*split the fleet with --workers 2/, why: "this machine's limit: one simulator process cannot hold 20,000 sockets" },
  { count: 20_000, workers: 2, gatewayWorkers: 2, soft: 20_000, problem: undefined, why: "this machine's limit: two processes on each side hold 20,000" },
  { count: 100_000, workers: 16, gatewayWorkers: 16, soft: 1024, problem: /^100,000 charge points over 16 processes need about 6,314 open files each, but the limit is 1,024: run 'ulimit -n 6400' in this shell first, or use fewer/, why: 'no --workers is suggested past 16 processes' },
];

for (const { count, workers, gatewayWorkers, soft, hard, problem, why } of CASES) {
  test(`open-file check: ${count} charge points, ${workers} simulator and ${gatewayWorkers} gateway processes, limit ${soft}: ${why}`, () => {
    const result = checkOpenFileLimit({ count, workers, gatewayWorkers }, soft, hard);
    if (problem === undefined) assert.equal(result, undefined);
    else {
      assert.ok(result, 'a problem is reported');
      assert.match(result, problem);
      assert.ok(!result.includes('\n'), 'one line');
    }
  });
}

test('the open-file limits are read from /proc/self/limits text, unlimited meaning no limit', () => {
  const sample = [
    'Limit                     Soft Limit           Hard Limit           Units     ',
    'Max processes             96365                96365                processes ',
    'Max open files            1024                 524288               files     ',
    'Max locked memory         8388608              8388608              bytes     ',
  ].join('\n');
  assert.deepEqual(readOpenFileLimits(sample), { soft: 1024, hard: 524_288 });
  assert.deepEqual(readOpenFileLimits(sample.replace('1024                 524288', 'unlimited            unlimited')), { soft: undefined, hard: undefined });
  assert.deepEqual(readOpenFileLimits('no such line'), { soft: undefined, hard: undefined });
});

test("without an injected limit the check uses this process's own soft limit", () => {
  let own: number | undefined;
  try {
    own = Number(/^Max open files\s+(\d+)/m.exec(readFileSync('/proc/self/limits', 'utf8'))?.[1]);
  } catch {
    own = undefined;
  }
  if (own === undefined || Number.isNaN(own)) {
    assert.equal(checkOpenFileLimit({ count: 1_000_000_000, workers: 1, gatewayWorkers: 1 }), undefined, 'no /proc: nothing to check');
    return;
  }
  assert.equal(readOpenFileLimits().soft, own);
  assert.equal(checkOpenFileLimit({ count: own - FD_MARGIN, workers: 1, gatewayWorkers: 1 }), undefined);
  assert.match(checkOpenFileLimit({ count: own, workers: 1, gatewayWorkers: 1 }) ?? '', new RegExp(`but the limit is ${own.toLocaleString('en-US')}`));
});
