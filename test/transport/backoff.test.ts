import { test } from 'node:test';
import assert from 'node:assert/strict';
import { backoffDelay, DEFAULT_BACKOFF, DEFAULT_RETRY_BACKOFF, longestDelay, type BackoffPolicy } from '../../src/transport/backoff.js';

const small: BackoffPolicy = { initialMs: 10, maxMs: 50, factor: 2 };
const almostOne = 1 - Number.EPSILON;

// Full jitter: delay = floor(random × min(maxMs, initialMs × factor^attempt)), random in [0, 1).
const CASES: Array<{ attempt: number; policy: BackoffPolicy; random: number; delay: number }> = [
  { attempt: 0, policy: DEFAULT_BACKOFF, random: 0, delay: 0 },
  { attempt: 0, policy: DEFAULT_BACKOFF, random: 0.5, delay: 500 },
  { attempt: 0, policy: DEFAULT_BACKOFF, random: almostOne, delay: 999 },
  { attempt: 1, policy: DEFAULT_BACKOFF, random: 0.5, delay: 1000 },
  { attempt: 2, policy: DEFAULT_BACKOFF, random: 0.5, delay: 2000 },
  { attempt: 3, policy: DEFAULT_BACKOFF, random: almostOne, delay: 7999 },
  { attempt: 4, policy: DEFAULT_BACKOFF, random: 0.25, delay: 4000 },
  { attempt: 5, policy: DEFAULT_BACKOFF, random: almostOne, delay: 29_999 },
  { attempt: 6, policy: DEFAULT_BACKOFF, random: almostOne, delay: 29_999 },
  { attempt: 100, policy: DEFAULT_BACKOFF, random: 0.5, delay: 15_000 },
  { attempt: 10_000, policy: DEFAULT_BACKOFF, random: 0.5, delay: 15_000 },
  { attempt: -1, policy: DEFAULT_BACKOFF, random: 0.5, delay: 500 },
  { attempt: 0, policy: small, random: almostOne, delay: 9 },
  { attempt: 1, policy: small, random: almostOne, delay: 19 },
  { attempt: 2, policy: small, random: almostOne, delay: 39 },
  { attempt: 3, policy: small, random: almostOne, delay: 49 },
  { attempt: 2, policy: { initialMs: 100, maxMs: 10_000, factor: 3 }, random: 0.5, delay: 450 },
  { attempt: 5, policy: { initialMs: 100, maxMs: 10_000, factor: 1 }, random: 0.5, delay: 50 },
];

test('backoffDelay gives a full-jitter exponential delay capped at maxMs, starting from initialMs at attempt 0', () => {
  for (const { attempt, policy, random, delay } of CASES) {
    assert.equal(backoffDelay(attempt, policy, () => random), delay, `attempt ${attempt}, ${JSON.stringify(policy)}, random ${random}`);
  }
});

test('backoffDelay stays in [0, ceiling) and is an integer whatever random returns in [0, 1)', () => {
  for (let attempt = 0; attempt < 12; attempt++) {
    const ceiling = Math.min(DEFAULT_BACKOFF.maxMs, DEFAULT_BACKOFF.initialMs * 2 ** attempt);
    for (const random of [0, 0.1, 0.3333, 0.5, 0.9, almostOne]) {
      const delay = backoffDelay(attempt, DEFAULT_BACKOFF, () => random);
      assert.ok(Number.isInteger(delay), `${delay} is an integer`);
      assert.ok(delay >= 0 && delay < ceiling, `${delay} in [0, ${ceiling})`);
    }
  }
});

test('backoffDelay calls random exactly once and is pure', () => {
  let calls = 0;
  const random = () => { calls++; return 0.7; };
  const a = backoffDelay(3, DEFAULT_BACKOFF, random);
  const b = backoffDelay(3, DEFAULT_BACKOFF, random);
  assert.equal(a, b);
  assert.equal(calls, 2);
});

// OCPP 2.0.1 Part 4 §5.3: the first reconnect waits RetryBackOffWaitMinimum plus a random part of
// at most RetryBackOffRandomRange; after each failure the wait doubles, at most RetryBackOffRepeatTimes
// times, a new random part added every time; then it stays at the last wait.
const RETRY: BackoffPolicy = { kind: 'retry-backoff', waitMinimumMs: 1000, randomRangeMs: 5000, repeatTimes: 3 };
const RETRY_CASES: Array<[attempt: number, policy: BackoffPolicy, random: number, delay: number]> = [
  [0, RETRY, 0, 1000],
  [0, RETRY, 0.5, 3500],
  [0, RETRY, almostOne, 5999],
  [1, RETRY, 0, 2000],
  [2, RETRY, 0.2, 5000],
  [3, RETRY, 0, 8000],
  [4, RETRY, 0, 8000], // no more doubling after RepeatTimes
  [100, RETRY, almostOne, 12_999],
  [-1, RETRY, 0, 1000],
  [5, { kind: 'retry-backoff', waitMinimumMs: 2000, randomRangeMs: 0, repeatTimes: 0 }, 0.9, 2000],
  [2, { kind: 'retry-backoff', waitMinimumMs: 0, randomRangeMs: 1000, repeatTimes: 5 }, 0.5, 500],
];

for (const [attempt, policy, random, delay] of RETRY_CASES) {
  test(`RetryBackOff ${JSON.stringify(policy)}: retry ${attempt} with random ${random} waits ${delay} ms`, () => {
    assert.equal(backoffDelay(attempt, policy, () => random), delay);
  });
}

test('the longest wait of a policy bounds the tail of a reconnect storm', () => {
  assert.equal(longestDelay(RETRY), 13_000);
  assert.equal(longestDelay(DEFAULT_BACKOFF), 30_000);
  assert.equal(longestDelay(DEFAULT_RETRY_BACKOFF), 13_000);
});
