import { evaluateRegression, parseRegressionBound, type RegressionBound } from '../metrics/regression.js';
import { ThresholdSyntaxError, unknownActionProblems } from '../metrics/thresholds.js';
import { validatorFor } from '../protocol/validator.js';
import { isOcppVersion, loadVersions } from '../protocol/versions.js';
import { compareSummaries } from '../report/compare.js';
import { formatComparison } from '../report/compare-text.js';
import { summaryThresholdData } from '../report/summary-data.js';
import type { SummaryDocument } from '../report/summary-document.js';
import { CliError } from './errors.js';
import { EXIT } from './exit-codes.js';
import type { Io } from './io.js';
import { readSummaries, warnMixedRuns } from './read-summaries.js';

/** Parses every `--max-regression`, reporting all invalid ones at once (a CliError, exit 104). */
function parseBounds(expressions: readonly string[]): RegressionBound[] {
  const problems: string[] = [];
  const bounds: RegressionBound[] = [];
  for (const expression of expressions) {
    try {
      bounds.push(parseRegressionBound(expression));
    } catch (error) {
      if (!(error instanceof ThresholdSyntaxError)) throw error;
      problems.push(`--max-regression: ${error.reason}`);
    }
  }
  if (problems.length > 0) throw new CliError(problems.join('; '), EXIT.INVALID_CONFIG);
  return bounds;
}

/**
 * Bounds on an action that is neither an OCPP action of the runs' protocols nor measured in
 * either run (`Bootnotification:p(99)<+10%`): one problem each, with the nearest action. Such a
 * bound could only fail for lack of data.
 */
function boundActionProblems(bounds: readonly RegressionBound[], docs: readonly SummaryDocument[]): string[] {
  const protocols = [...new Set(docs.flatMap((doc) => doc.target.protocol.split('+')))];
  const actions = new Set(docs.flatMap((doc) => Object.keys(doc.latency)));
  // A protocol this version does not know: the actions its summary measured stand for it.
  for (const protocol of protocols.filter(isOcppVersion)) for (const action of validatorFor(protocol).actions) actions.add(action);
  return unknownActionProblems(bounds.map((bound) => bound.threshold), actions, protocols.join(' and ')).map((problem) => `--max-regression ${problem}`);
}

/**
 * `ocpp-sim report compare BASE NEW [--max-regression EXPR]…`: prints the change of every
 * figure from BASE to NEW (report/compare.ts), marking those beyond noise, and judges the bounds:
 * exit 99 when NEW regressed beyond one, 0 otherwise; 104 for unreadable summaries or bad bounds.
 */
export async function reportCompareCommand(base: string, current: string, flags: { maxRegression: string[] }, io: Io): Promise<number> {
  const bounds = parseBounds(flags.maxRegression);
  const [b, c] = (await readSummaries([base, current], io)) as [SummaryDocument, SummaryDocument];
  await loadVersions([b, c].flatMap((doc) => doc.target.protocol.split('+')).filter(isOcppVersion));
  const actionProblems = boundActionProblems(bounds, [b, c]);
  if (actionProblems.length > 0) throw new CliError(actionProblems.join('; '), EXIT.INVALID_CONFIG);
  warnMixedRuns([b, c], io, 'comparing');
  const results = bounds.map((bound) => evaluateRegression(bound, summaryThresholdData(b), summaryThresholdData(c)));
  io.stdout.write(formatComparison(compareSummaries(b, c), { base, current }, results));
  return results.every((r) => r.passed) ? EXIT.OK : EXIT.THRESHOLD_FAILED;
}
