/** A comparison operator of a threshold expression. */
export type ThresholdOperator = '<' | '<=' | '>' | '>=' | '==' | '!=';

/**
 * A parsed threshold such as `BootNotification:p(95)<=200ms`: `metric` names what is measured,
 * `aggregation` how it is reduced to one number, `value` is the limit in the metric's base unit
 * (milliseconds for time metrics, a fraction 0..1 for rates, a plain number for counts).
 */
export interface Threshold {
  expression: string;
  metric: string;
  aggregation: string;
  /** The percentile for `p(N)`, e.g. 99.9. */
  percentile?: number;
  operator: ThresholdOperator;
  value: number;
  /** One of the run's default checks (DEFAULT_CHECKS), not given by the user. */
  isDefault?: boolean;
}

/** The verdict on one threshold at the end of (or during) a run. */
export interface ThresholdResult {
  expression: string;
  metric: string;
  aggregation: string;
  passed: boolean;
  /** The measured value in the base unit, or null when the metric had no data (which fails). */
  observed: number | null;
  /** Why it failed, in words, e.g. `p(99) of BootNotification is 612.3ms, limit < 500ms`. */
  message: string;
  /** A default check of the run (see DEFAULT_CHECKS). */
  isDefault?: boolean;
}
