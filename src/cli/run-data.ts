import { DataError, loadDataSet, type DataSet } from '../chargepoint/scenario/data-set.js';
import type { Scenario } from '../chargepoint/scenario/types.js';
import { CliError } from './errors.js';
import { EXIT } from './exit-codes.js';

/** `--data FILE`: its rows, or a CliError (exit 104) with the file and line of the problem. */
export async function loadRunData(file: string | undefined): Promise<DataSet | undefined> {
  if (file === undefined) return undefined;
  try {
    return await loadDataSet(file);
  } catch (error) {
    if (error instanceof DataError) throw new CliError(`--data: ${error.message}`, EXIT.INVALID_CONFIG);
    throw error;
  }
}

/**
 * Why the run would give two charge points the same id from a data file's `id` column (charge
 * point i takes row i mod rows, so two that use the file land on one row when it is short), or
 * undefined. `scenarioOf(i)` is the scenario of charge point i of `count` (global index).
 */
export function repeatedIdProblem(count: number, scenarioOf: (index: number) => Scenario): string | undefined {
  const taken = new Map<DataSet, Int32Array>();
  for (let i = 0; i < count; i++) {
    const data = scenarioOf(i).data;
    if (!data?.columnIndex.has('id')) continue;
    let byRow = taken.get(data);
    if (!byRow) taken.set(data, byRow = new Int32Array(data.rows.length).fill(-1));
    const row = i % data.rows.length;
    const before = byRow[row] as number;
    if (before >= 0) {
      return `${data.file}: charge points ${before + 1} and ${i + 1} would both take row ${row + 1} and its id (charge point i takes row i mod rows, and the file has ${data.rows.length}): give a row per charge point, lower --count, or drop the id column`;
    }
    byRow[row] = i;
  }
  return undefined;
}
