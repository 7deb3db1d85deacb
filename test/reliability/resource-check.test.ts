import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { checkOpenFileLimit, FD_MARGIN, readOpenFileLimits } from '../../src/cli/resource-check.js';

// The open-file check `run` makes before it opens thousands of sockets: table-driven with
// injected limits, and the reading of /proc/self/limits on text samples.

const CASES: Array<{ count: number; embedded: boolean; soft: number; hard?: number; problem: RegExp | undefined; why: string }> = [
  { count: 10, embedded: true, soft: 1024, problem: undefined, why: 'a small run fits the common default of 1,024' },
  { count: 1024 - FD_MARGIN, embedded: false, soft: 1024, problem: undefined, why: 'exactly the limit with the margin fits' },
  { count: 1024 - FD_MARGIN + 1, embedded: false, soft: 1024, problem: /need about 1,025 open files, but the limit is 1,024: run 'ulimit -n 1100'/, why: 'one over is refused' },
  { count: 5000, embedded: true, soft: 1024, hard: 1_048_576, problem: /^5,000 charge points need about 5,064 open files \(the fleet and the embedded gateway each hold one socket per charge point\), but the limit is 1,024: run 'ulimit -n 5100' in this shell first, or use fewer charge points \(a lower --count\)$/, why: 'the embedded gateway is named' },
  { count: 5000, embedded: false, soft: 1024, problem: /^5,000 charge points need about 5,064 open files, but the limit is 1,024/, why: 'an external CSMS: only this process' },
  { count: 5000, embedded: false, soft: 4096, hard: 4096, problem: /run 'ulimit -n 5100' in this shell first — above the hard limit of 4,096, which only root can raise/, why: 'a fix beyond the hard limit says so' },
  { count: 10_000, embedded: true, soft: 20_000, problem: undefined, why: 'a large limit fits a large run' },
];

for (const { count, embedded, soft, hard, problem, why } of CASES) {
  test(`open-file check: ${count} charge points, ${embedded ? 'embedded gateway' : 'external CSMS'}, limit ${soft}: ${why}`, () => {
    const result = checkOpenFileLimit(count, embedded, soft, hard);
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
    assert.equal(checkOpenFileLimit(1_000_000_000, true), undefined, 'no /proc: nothing to check');
    return;
  }
  assert.equal(readOpenFileLimits().soft, own);
  assert.equal(checkOpenFileLimit(own - FD_MARGIN, true), undefined);
  assert.match(checkOpenFileLimit(own, true) ?? '', new RegExp(`but the limit is ${own.toLocaleString('en-US')}`));
});
