/**
 * Data columns the charge point itself uses, with the longest value each may hold: the
 * strictest of the versions' BootNotification fields (1.6 §6.2 chargePointVendor/Model
 * CiString20, chargePointSerialNumber CiString25, firmwareVersion CiString50; 2.0.1
 * ChargingStationType vendorName 50, model 20, serialNumber 25, firmwareVersion 50).
 */
const TEXT_COLUMNS: Readonly<Record<string, number>> = Object.freeze({ vendor: 20, model: 20, serial: 25, firmwareVersion: 50 });

/** Longest charge point identity (OCPP-J 2.0.1 §3.1.1: identifierString of at most 48). */
const MAX_ID_LENGTH = 48;
/** OCPP 2.0.1's identifierString character set, which the embedded gateway enforces for identities. */
const IDENTIFIER = /^[A-Za-z0-9*\-_=:+|@.]+$/;

/** A problem of one row (0-based), found by checkKnownColumns. */
export interface RowProblem {
  row: number;
  message: string;
}

/**
 * Checks the columns a charge point uses: every `id` present, a valid identity and unique;
 * `vendor`, `model`, `serial`, `firmwareVersion` within their BootNotification lengths (empty
 * means the scenario's value). Returns the first problem, or undefined.
 */
export function checkKnownColumns(columns: readonly string[], rows: ReadonlyArray<readonly string[]>): RowProblem | undefined {
  const idAt = columns.indexOf('id');
  if (idAt >= 0) {
    const seen = new Map<string, number>();
    for (let row = 0; row < rows.length; row++) {
      const id = rows[row]?.[idAt] ?? '';
      if (id === '') return { row, message: 'the id is empty (every row needs one when the file has an id column)' };
      if (id.length > MAX_ID_LENGTH) return { row, message: `the id is ${id.length} characters long; OCPP allows at most ${MAX_ID_LENGTH}` };
      if (!IDENTIFIER.test(id)) return { row, message: `the id ${JSON.stringify(id)} has a character OCPP identities may not hold (allowed: a-z A-Z 0-9 * - _ = : + | @ .)` };
      const before = seen.get(id);
      if (before !== undefined) return { row, message: `the id '${id}' is also the id of row ${before + 1}` };
      seen.set(id, row);
    }
  }
  for (const [column, max] of Object.entries(TEXT_COLUMNS)) {
    const at = columns.indexOf(column);
    if (at < 0) continue;
    for (let row = 0; row < rows.length; row++) {
      const value = rows[row]?.[at] ?? '';
      if (value.length > max) return { row, message: `${column} is ${value.length} characters long; BootNotification allows at most ${max}` };
    }
  }
  return undefined;
}
