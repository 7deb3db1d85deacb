import { thresholdDataFrom, type ThresholdData } from '../metrics/threshold-data.js';
import type { SummaryDocument } from './summary-document.js';

/**
 * The figures thresholds and regression bounds read, from a summary document instead of a live
 * run: the same ThresholdData a run's own thresholds are judged on (time metrics from the
 * encoded histograms; `failed` from the last interval's states, 0 without intervals). Pure.
 */
export function summaryThresholdData(doc: SummaryDocument): ThresholdData {
  const c = doc.counts;
  return thresholdDataFrom({
    elapsedMs: doc.elapsedMs,
    fleet: {
      count: doc.chargePoints.count,
      everConnected: doc.chargePoints.connected,
      everBooted: doc.chargePoints.booted,
      states: { failed: doc.intervals.at(-1)?.states?.failed ?? 0 },
      metrics: {
        sent: c.sent, received: c.received, errors: c.errors, timeouts: c.timeouts, callErrors: c.callErrors,
        connects: c.connects, connectFailures: c.connectFailures, reconnects: c.reconnects,
        disconnects: c.disconnects, boots: c.boots, scheduled: c.scheduled, delayed: c.delayed,
        latency: doc.latency, latencyCorrected: doc.latencyCorrected,
        connectTime: doc.connect, bootTime: doc.boot, answerTime: doc.answer,
        steps: doc.steps, recentErrors: [],
        ...(doc.histograms ? { histograms: doc.histograms } : {}),
      },
    },
  });
}
