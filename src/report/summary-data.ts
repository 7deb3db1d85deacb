import { thresholdDataFrom, type ThresholdData } from '../metrics/threshold-data.js';
import { metricsOfDocument, type SummaryDocument } from './summary-document.js';

/**
 * The figures thresholds and regression bounds read, from a summary document instead of a live
 * run: the same ThresholdData a run's own thresholds are judged on (time metrics from the
 * encoded histograms; `gave_up` from the last interval's states, 0 without intervals). Pure.
 */
export function summaryThresholdData(doc: SummaryDocument): ThresholdData {
  const cp = doc.chargePoints;
  return thresholdDataFrom({
    elapsedMs: doc.elapsedMs,
    fleet: {
      count: cp.count, started: cp.started, everConnected: cp.connected, everBooted: cp.booted, localFailures: cp.localFailures,
      states: { 'gave-up': doc.intervals.at(-1)?.states?.['gave-up'] ?? 0 },
      metrics: metricsOfDocument(doc),
    },
  });
}
