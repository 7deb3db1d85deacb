import { test } from 'node:test';
import assert from 'node:assert/strict';
import { reconnectPolicy, type ReconnectMode, type ReconnectSettings } from '../../src/chargepoint/reconnect-policy.js';
import type { OcppVersion } from '../../src/protocol/versions.js';
import { DEFAULT_BACKOFF, DEFAULT_RETRY_BACKOFF } from '../../src/transport/backoff.js';

const settings = (mode: ReconnectMode): ReconnectSettings => ({ mode, fullJitter: DEFAULT_BACKOFF, retryBackOff: DEFAULT_RETRY_BACKOFF });

// auto: the back-off a charge point's version defines (2.0.1 Part 4 §5.3); 1.6 defines none, so full jitter.
const CASES: Array<[mode: ReconnectMode, version: OcppVersion, kind: string]> = [
  ['auto', 'ocpp1.6', 'full-jitter'],
  ['auto', 'ocpp2.0.1', 'retry-backoff'],
  ['retry-backoff', 'ocpp1.6', 'retry-backoff'],
  ['retry-backoff', 'ocpp2.0.1', 'retry-backoff'],
  ['full-jitter', 'ocpp1.6', 'full-jitter'],
  ['full-jitter', 'ocpp2.0.1', 'full-jitter'],
];

for (const [mode, version, kind] of CASES) {
  test(`--reconnect ${mode} gives ${version} charge points ${kind}`, () => {
    assert.equal(reconnectPolicy(settings(mode), version).kind ?? 'full-jitter', kind);
  });
}
