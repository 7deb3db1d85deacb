import type { OcppVersion } from '../protocol/versions.js';

/** Every default of `ocpp-sim check`, in one place (README and docs/check.md list them). */
export const CHECK_DEFAULTS = Object.freeze({
  protocol: 'ocpp1.6' as OcppVersion,
  /** Charge point ids are PREFIX1, PREFIX2, … */
  idPrefix: 'ocpp-sim-check-',
  /** The token the CSMS knows (Accepted); the unknown one is made up per run. */
  idTag: 'OCPPSIM-KNOWN',
  /** Connectors (1.6) or EVSEs (2.0.1) the station reports. */
  connectors: 2,
  /** Time allowed for each answer of the CSMS, in milliseconds. */
  callTimeoutMs: 5_000,
  handshakeTimeoutMs: 5_000,
  /** Silence this long proves "no answer" (RPC rules), in milliseconds. */
  quietMs: 700,
  /** A currentTime further than this from our clock fails, in seconds (the skew is reported either way). */
  maxClockSkewSec: 300,
  /** A check still running after this long fails, in milliseconds. */
  checkTimeoutMs: 20_000,
});

/** The protocols `check` covers. */
export const CHECK_PROTOCOLS: readonly OcppVersion[] = Object.freeze(['ocpp1.6', 'ocpp2.0.1', 'ocpp2.1']);
