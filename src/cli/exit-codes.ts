/** Every exit code ocpp-sim returns, documented in README.md. */
export const EXIT = Object.freeze({
  /** The run completed and every threshold passed. */
  OK: 0,
  /** The run could not happen: target unreachable, upgrade refused, gateway failed to start. */
  RUN_FAILED: 1,
  /** Part of the fleet was lost: a worker process died; the figures are those of the rest. */
  PARTIAL: 98,
  /** A threshold or a default check failed (at the end, or during the run with --abort-on-fail). */
  THRESHOLD_FAILED: 99,
  /** `ocpp-sim check`: at least one check failed (the same number as a failed threshold). */
  CHECK_FAILED: 99,
  /** The run passed but an output file (--out, --junit) could not be written; the others were. */
  OUTPUT_FAILED: 103,
  /** Invalid configuration: a bad flag value, a malformed URL, a missing or invalid scenario file. */
  INVALID_CONFIG: 104,
  /** Interrupted by SIGINT/SIGTERM; the summary was still printed. */
  INTERRUPTED: 105,
});

export type ExitCode = (typeof EXIT)[keyof typeof EXIT];
