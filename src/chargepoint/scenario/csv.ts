/** One record of a CSV text: its fields and the 1-based line it starts on. */
export interface CsvRecord {
  line: number;
  fields: string[];
}

/** Bounds of one CSV text; a text past one is refused, not truncated. */
export interface CsvLimits {
  /** Most records, the header included. */
  maxRecords: number;
  /** Most fields in one record. */
  maxFields: number;
  /** Longest field, in UTF-16 code units. */
  maxFieldLength: number;
}

/** Why a CSV text cannot be read, at the 1-based line of the problem. */
export interface CsvProblem {
  line: number;
  message: string;
}

const QUOTE = 34;
const COMMA = 44;
const CR = 13;
const LF = 10;

/**
 * Splits CSV text (RFC 4180) into records: fields separated by commas, records by CRLF, LF or a
 * lone CR; a field in double quotes may hold commas, line breaks and `""` for one quote. A
 * leading byte-order mark is skipped; blank lines are skipped. Refuses, with the line of the
 * problem, a quote inside an unquoted field, text after a closing quote, an unclosed quote and
 * any text past `limits`. Pure.
 */
export function parseCsv(text: string, limits: CsvLimits): { records: CsvRecord[] } | { problem: CsvProblem } {
  const records: CsvRecord[] = [];
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  let line = 1;
  const n = text.length;
  while (i < n) {
    const start = line;
    const c0 = text.charCodeAt(i);
    if (c0 === LF || c0 === CR) {
      // A blank line: no record.
      i += c0 === CR && text.charCodeAt(i + 1) === LF ? 2 : 1;
      line++;
      continue;
    }
    if (records.length >= limits.maxRecords) return { problem: { line, message: `more than ${limits.maxRecords - 1} rows` } };
    const fields: string[] = [];
    for (;;) {
      let field: string;
      if (text.charCodeAt(i) === QUOTE) {
        const opened = line;
        let out = '';
        let from = ++i;
        for (;;) {
          const q = text.indexOf('"', i);
          if (q === -1) return { problem: { line: opened, message: 'a quoted field is never closed' } };
          const chunk = text.slice(i, q);
          for (let k = 0; k < chunk.length; k++) {
            const c = chunk.charCodeAt(k);
            if (c === LF || (c === CR && chunk.charCodeAt(k + 1) !== LF)) line++;
          }
          if (text.charCodeAt(q + 1) === QUOTE) {
            out += text.slice(from, q + 1);
            i = from = q + 2;
            continue;
          }
          out += text.slice(from, q);
          i = q + 1;
          break;
        }
        const after = text.charCodeAt(i);
        if (i < n && after !== COMMA && after !== CR && after !== LF) return { problem: { line, message: 'text after the closing quote of a field (write "" for a quote inside a quoted field)' } };
        field = out;
      } else {
        let end = i;
        while (end < n) {
          const c = text.charCodeAt(end);
          if (c === COMMA || c === CR || c === LF) break;
          if (c === QUOTE) return { problem: { line, message: 'a quote inside an unquoted field (quote the whole field and write "" for each quote)' } };
          end++;
        }
        field = text.slice(i, end);
        i = end;
      }
      if (field.length > limits.maxFieldLength) return { problem: { line, message: `a field longer than ${limits.maxFieldLength} characters` } };
      fields.push(field);
      if (fields.length > limits.maxFields) return { problem: { line, message: `more than ${limits.maxFields} fields` } };
      if (text.charCodeAt(i) !== COMMA) break;
      i++;
    }
    const c = text.charCodeAt(i);
    if (c === CR || c === LF) {
      i += c === CR && text.charCodeAt(i + 1) === LF ? 2 : 1;
      line++;
    }
    records.push({ line: start, fields });
  }
  return { records };
}
