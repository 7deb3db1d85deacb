import { readFile, stat } from 'node:fs/promises';
import { parseCsv } from './csv.js';
import { checkKnownColumns } from './data-columns.js';

/** Bounds of a data file (`--data`, `data:`): a file past one is refused, never truncated. */
export const DATA_LIMITS = Object.freeze({
  /** Largest file, in bytes. */
  maxBytes: 64 * 1024 * 1024,
  /** Most rows (the CSV header not counted): as many as the largest fleet. */
  maxRows: 1_000_000,
  maxColumns: 100,
  /** Longest column name, in characters. */
  maxColumnName: 64,
  /** Longest value, in characters. */
  maxValue: 1000,
});

const COLUMN_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/**
 * Rows of per-charge-point values read from a CSV or JSON file, shared by every charge point
 * that takes rows from it (the charge point with fleet index i takes row i mod rows.length).
 * Every value is a string; an empty one means "not given". Frozen.
 */
export interface DataSet {
  /** The file as it was named to the loader. */
  readonly file: string;
  readonly columns: readonly string[];
  /** Column name → position in each row. */
  readonly columnIndex: ReadonlyMap<string, number>;
  readonly rows: readonly (readonly string[])[];
}

/** A data file that cannot be used; the message is one line, `file:line: problem` (or `file: problem`). */
export class DataError extends Error {
  readonly code = 'E_DATA';
  readonly file: string;
  readonly line: number | undefined;
  constructor(file: string, line: number | undefined, problem: string) {
    super(`${file}${line ? `:${line}` : ''}: ${problem}`);
    this.name = 'DataError';
    this.file = file;
    this.line = line;
  }
}

function checkColumns(file: string, columns: readonly string[], line: number | undefined): Map<string, number> {
  if (columns.length === 0) throw new DataError(file, line, 'no columns');
  if (columns.length > DATA_LIMITS.maxColumns) throw new DataError(file, line, `more than ${DATA_LIMITS.maxColumns} columns`);
  const index = new Map<string, number>();
  for (const name of columns) {
    if (!COLUMN_NAME.test(name) || name.length > DATA_LIMITS.maxColumnName) {
      throw new DataError(file, line, `column name ${JSON.stringify(name.slice(0, 80))} must be letters, digits and _ (not first), at most ${DATA_LIMITS.maxColumnName} characters`);
    }
    if (index.has(name)) throw new DataError(file, line, `column '${name}' appears twice`);
    index.set(name, index.size);
  }
  return index;
}

function fromCsv(text: string, file: string): DataSet {
  const read = parseCsv(text, { maxRecords: DATA_LIMITS.maxRows + 1, maxFields: DATA_LIMITS.maxColumns, maxFieldLength: DATA_LIMITS.maxValue });
  if ('problem' in read) throw new DataError(file, read.problem.line, read.problem.message);
  const [header, ...records] = read.records;
  if (!header) throw new DataError(file, undefined, 'empty: a header row of column names and at least one row are needed');
  const columns = header.fields.map((name) => name.trim());
  const columnIndex = checkColumns(file, columns, header.line);
  if (records.length === 0) throw new DataError(file, header.line, 'a header but no rows');
  const rows = records.map((record) => {
    if (record.fields.length !== columns.length) {
      throw new DataError(file, record.line, `${record.fields.length} field${record.fields.length === 1 ? '' : 's'}, the header has ${columns.length}`);
    }
    return Object.freeze(record.fields);
  });
  return finish(file, columns, columnIndex, rows, (i) => records[i]?.line);
}

function fromJson(text: string, file: string): DataSet {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new DataError(file, undefined, `invalid JSON: ${(error as Error).message}`);
  }
  if (!Array.isArray(value) || value.length === 0) throw new DataError(file, undefined, 'a JSON data file must be a non-empty array of objects');
  if (value.length > DATA_LIMITS.maxRows) throw new DataError(file, undefined, `more than ${DATA_LIMITS.maxRows} rows`);
  const first: unknown = value[0];
  if (typeof first !== 'object' || first === null || Array.isArray(first)) throw new DataError(file, undefined, 'row 1 is not an object');
  const columns = Object.keys(first);
  const columnIndex = checkColumns(file, columns, undefined);
  const rows = value.map((item: unknown, i) => {
    const where = `row ${i + 1}`;
    if (typeof item !== 'object' || item === null || Array.isArray(item)) throw new DataError(file, undefined, `${where} is not an object`);
    const keys = Object.keys(item);
    const stray = keys.find((key) => !columnIndex.has(key));
    if (stray !== undefined) throw new DataError(file, undefined, `${where} has column '${stray.slice(0, 80)}', which row 1 has not (every row has the columns of row 1)`);
    const row = columns.map((column) => {
      const cell: unknown = (item as Record<string, unknown>)[column];
      if (cell === undefined || cell === null) return '';
      if (typeof cell !== 'string' && typeof cell !== 'number' && typeof cell !== 'boolean') throw new DataError(file, undefined, `${where}: '${column}' must be a string, number or boolean`);
      const text = String(cell);
      if (text.length > DATA_LIMITS.maxValue) throw new DataError(file, undefined, `${where}: '${column}' is longer than ${DATA_LIMITS.maxValue} characters`);
      return text;
    });
    return Object.freeze(row);
  });
  return finish(file, columns, columnIndex, rows, () => undefined);
}

function finish(file: string, columns: string[], columnIndex: Map<string, number>, rows: Array<readonly string[]>, lineOf: (row: number) => number | undefined): DataSet {
  const problem = checkKnownColumns(columns, rows);
  if (problem) throw new DataError(file, lineOf(problem.row), lineOf(problem.row) === undefined ? `row ${problem.row + 1}: ${problem.message}` : problem.message);
  return Object.freeze({ file, columns: Object.freeze(columns), columnIndex, rows: Object.freeze(rows) });
}

/**
 * Reads data text: a JSON array of objects when `file` ends in `.json` (the first object's keys
 * are the columns), else CSV with a header row. Throws DataError naming the file, and the line
 * (CSV) or row (JSON) of the first problem. Pure.
 */
export function parseDataSet(text: string, file: string): DataSet {
  return /\.json$/i.test(file) ? fromJson(text, file) : fromCsv(text, file);
}

/** Reads and checks a data file of at most `maxBytes` (DATA_LIMITS.maxBytes); throws DataError. */
export async function loadDataSet(file: string, maxBytes: number = DATA_LIMITS.maxBytes): Promise<DataSet> {
  let text: string;
  try {
    const info = await stat(file);
    if (info.isDirectory()) throw new DataError(file, undefined, 'is a directory, not a data file');
    if (info.size > maxBytes) throw new DataError(file, undefined, `${info.size} bytes: data files are limited to ${maxBytes} bytes`);
    text = await readFile(file, 'utf8');
  } catch (error) {
    if (error instanceof DataError) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    throw new DataError(file, undefined, code === 'ENOENT' ? 'data file not found' : `cannot read data file (${code ?? String(error)})`);
  }
  return parseDataSet(text, file);
}

/** The value of `column` in the row of the charge point with fleet index `index` (row index mod rows); undefined when the set has no such column. */
export function dataValue(data: DataSet, index: number, column: string): string | undefined {
  const at = data.columnIndex.get(column);
  return at === undefined ? undefined : data.rows[index % data.rows.length]?.[at];
}
