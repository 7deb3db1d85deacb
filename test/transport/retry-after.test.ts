import { test } from 'node:test';
import assert from 'node:assert/strict';
import { MAX_RETRY_AFTER_MS, parseRetryAfter, retryAfterDelay } from '../../src/transport/retry-after.js';

const NOW = Date.parse('2026-12-07T12:00:00Z');

const headers: Array<{ value: string | string[] | undefined; ms: number | undefined }> = [
  { value: undefined, ms: undefined },
  { value: '', ms: undefined },
  { value: '20', ms: 20_000 },
  { value: ' 3 ', ms: 3_000 },
  { value: '0', ms: 0 },
  { value: ['5', '9'], ms: 5_000 },
  { value: '3600', ms: MAX_RETRY_AFTER_MS },
  { value: '-5', ms: undefined },
  { value: '1.5', ms: undefined },
  { value: 'soon', ms: undefined },
  { value: 'Mon, 07 Dec 2026 12:00:30 GMT', ms: 30_000 },
  { value: 'Mon, 07 Dec 2026 11:59:00 GMT', ms: 0 },
  { value: 'Tue, 08 Dec 2026 12:00:00 GMT', ms: MAX_RETRY_AFTER_MS },
];

for (const { value, ms } of headers) {
  test(`Retry-After ${JSON.stringify(value)} asks to wait ${ms === undefined ? 'nothing readable' : `${ms} ms`}`, () => {
    assert.equal(parseRetryAfter(value, NOW), ms);
  });
}

const delays: Array<{ retryAfterMs: number; backoffMs: number; random: number; delay: number }> = [
  { retryAfterMs: 20_000, backoffMs: 1_000, random: 0, delay: 20_000 },
  { retryAfterMs: 20_000, backoffMs: 1_000, random: 0.5, delay: 25_000 },
  { retryAfterMs: 20_000, backoffMs: 1_000, random: 0.999, delay: 29_990 },
  { retryAfterMs: 1_000, backoffMs: 8_000, random: 0.5, delay: 8_000 },
  { retryAfterMs: 0, backoffMs: 300, random: 0.9, delay: 300 },
];

for (const { retryAfterMs, backoffMs, random, delay } of delays) {
  test(`after a Retry-After of ${retryAfterMs} ms, a back-off of ${backoffMs} ms and a draw of ${random}, the wait is ${delay} ms`, () => {
    assert.equal(retryAfterDelay(retryAfterMs, backoffMs, () => random), delay);
  });
}
