/** A scenario file and its share of the fleet, in percent (0 < weight ≤ 100). */
export interface WeightedFile {
  file: string;
  weight: number;
}

/** `--scenario` values that cannot make a fleet: every problem, one per line in the message. */
export class ScenarioWeightsError extends Error {
  readonly code = 'E_SCENARIO_WEIGHTS';
  readonly problems: readonly string[];
  constructor(problems: readonly string[]) {
    super(problems.join('; '));
    this.name = 'ScenarioWeightsError';
    this.problems = problems;
  }
}

const WEIGHTED = /^(.*):(\d+(?:\.\d+)?)%$/;

/**
 * Reads repeated `--scenario FILE[:N%]` values. Weighted files get N percent of the fleet; the
 * files without a weight share what is left equally. Throws ScenarioWeightsError listing every
 * problem: a weight of 0 or above 100, weights adding up to more than 100, weights that leave
 * nothing for the unweighted files or (with none) do not add up to 100, a file given twice.
 * `[]` gives `[]` (the caller's default scenario).
 */
export function parseScenarioWeights(args: readonly string[]): WeightedFile[] {
  const problems: string[] = [];
  const parsed = args.map((arg) => {
    const match = WEIGHTED.exec(arg);
    const file = match ? (match[1] as string) : arg;
    const weight = match ? Number(match[2]) : undefined;
    if (file.trim() === '') problems.push(`--scenario '${arg}': no file name`);
    if (weight !== undefined && (weight <= 0 || weight > 100)) problems.push(`--scenario '${arg}': the weight must be above 0% and at most 100%`);
    return { file, weight };
  });
  const seen = new Set<string>();
  for (const { file } of parsed) {
    if (seen.has(file)) problems.push(`--scenario '${file}' is given twice`);
    seen.add(file);
  }
  const weighted = parsed.filter((p) => p.weight !== undefined);
  const total = weighted.reduce((sum, p) => sum + (p.weight as number), 0);
  const unweighted = parsed.length - weighted.length;
  const round = (n: number): number => Math.round(n * 1000) / 1000;
  if (total > 100 + 1e-9) problems.push(`--scenario weights add up to ${round(total)}%, more than 100%`);
  else if (unweighted > 0 && total >= 100 - 1e-9 && weighted.length > 0) problems.push(`--scenario weights add up to 100%: nothing is left for the ${unweighted} scenario(s) without a weight`);
  else if (unweighted === 0 && weighted.length > 0 && Math.abs(total - 100) > 1e-9) problems.push(`--scenario weights add up to ${round(total)}%; make them add up to 100% or add a scenario without a weight to take the rest`);
  if (problems.length > 0) throw new ScenarioWeightsError(problems);
  const rest = unweighted > 0 ? (100 - total) / unweighted : 0;
  return parsed.map(({ file, weight }) => ({ file, weight: weight ?? rest }));
}

/**
 * Which scenario each of `count` charge points runs (index → scenario): every scenario gets
 * its share by the largest-remainder method (so the counts add up to `count` and differ from
 * the exact shares by less than one), and the scenarios are interleaved evenly along the
 * fleet, so a ramp starts them mixed. Pure and deterministic: same input, same assignment.
 */
export function assignScenarios<T>(count: number, weighted: ReadonlyArray<{ scenario: T; weight: number }>): T[] {
  if (weighted.length === 0) throw new RangeError('assignScenarios needs at least one scenario');
  const sum = weighted.reduce((total, w) => total + Math.max(0, w.weight), 0);
  if (!(sum > 0)) throw new RangeError('assignScenarios needs a positive total weight');
  const exact = weighted.map((w) => (Math.max(0, w.weight) / sum) * count);
  const counts = exact.map(Math.floor);
  const order = exact.map((value, k) => ({ k, rest: value - Math.floor(value) })).sort((a, b) => b.rest - a.rest || a.k - b.k);
  for (let left = count - counts.reduce((a, b) => a + b, 0), i = 0; left > 0; left--, i++) counts[(order[i] as { k: number }).k]! += 1;
  const given = counts.map(() => 0);
  const out: T[] = [];
  for (let i = 0; i < count; i++) {
    let best = -1;
    let bestLag = -Infinity;
    for (let k = 0; k < counts.length; k++) {
      if ((given[k] as number) >= (counts[k] as number)) continue;
      // How far scenario k is behind its even spread at position i.
      const lag = ((counts[k] as number) * (i + 1)) / count - (given[k] as number);
      if (lag > bestLag + 1e-12) [best, bestLag] = [k, lag];
    }
    given[best]! += 1;
    out.push((weighted[best] as { scenario: T }).scenario);
  }
  return out;
}
