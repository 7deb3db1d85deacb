import type { OcppVersion } from '../protocol/versions.js';
import type { BackoffPolicy, FullJitterPolicy, RetryBackOffPolicy } from '../transport/backoff.js';

/** `--reconnect`: which back-off charge points use after a lost connection or a failed attempt. */
export const RECONNECT_MODES = ['auto', 'retry-backoff', 'full-jitter'] as const;
export type ReconnectMode = (typeof RECONNECT_MODES)[number];

/** The fleet's reconnect settings: the mode, and the settings of each policy. */
export interface ReconnectSettings {
  mode: ReconnectMode;
  fullJitter: FullJitterPolicy;
  retryBackOff: RetryBackOffPolicy;
}

/**
 * The policy a charge point of `version` reconnects with: `auto` gives 2.0.1 (and later)
 * charge points OCPP's RetryBackOff model, which their version defines (Part 4 §5.3), and 1.6
 * charge points full jitter (1.6 defines no back-off). Pure.
 */
export function reconnectPolicy(settings: ReconnectSettings, version: OcppVersion): BackoffPolicy {
  if (settings.mode === 'full-jitter') return settings.fullJitter;
  if (settings.mode === 'retry-backoff' || version !== 'ocpp1.6') return settings.retryBackOff;
  return settings.fullJitter;
}
