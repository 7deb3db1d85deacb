/** Log levels, most severe first. */
export type LogLevel = 'error' | 'warn' | 'info' | 'debug';

export const LOG_LEVELS: readonly LogLevel[] = Object.freeze(['error', 'warn', 'info', 'debug']);

/** One structured log record; `line` handed to the sink alongside is `msg` alone. */
export interface LogEntry {
  /** ISO 8601 UTC. */
  readonly time: string;
  readonly level: LogLevel;
  readonly msg: string;
  readonly chargePointId?: string;
  /** With worker processes: the number (from 1) of the worker that logged it. */
  readonly worker?: number;
}

/**
 * Receives each record at or above the configured level: `line` is the message, `entry` the
 * whole record. The gateway always passes `entry`; it is optional so a sink can be forwarded a line alone.
 */
export type LogSink = (line: string, entry?: LogEntry) => void;

// C0 and C1 controls, DEL, and the Unicode line and paragraph separators.
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g;

/**
 * `text` with every control character written as an escape (`\r` → `\x0d`, U+2028 → `\u2028`):
 * one record stays one line whatever a peer put in an id, a URL or a header.
 */
export function escapeForLog(text: string): string {
  return text.replace(CONTROL, (char) => {
    const code = char.charCodeAt(0);
    return code < 0x100 ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16)}`;
  });
}

/** A levelled logger over one sink; a record below the level costs one comparison. Messages are escaped (escapeForLog). */
export class Logger {
  private readonly sink: LogSink | undefined;
  private readonly rank: number;

  constructor(sink: LogSink | undefined, level: LogLevel) {
    this.sink = sink;
    this.rank = sink ? LOG_LEVELS.indexOf(level) : -1;
  }

  /** True when records of `level` reach the sink: check it before building an expensive message. */
  enabled(level: LogLevel): boolean {
    return LOG_LEVELS.indexOf(level) <= this.rank;
  }

  error(msg: string, chargePointId?: string): void { this.write('error', msg, chargePointId); }
  warn(msg: string, chargePointId?: string): void { this.write('warn', msg, chargePointId); }
  info(msg: string, chargePointId?: string): void { this.write('info', msg, chargePointId); }
  debug(msg: string, chargePointId?: string): void { this.write('debug', msg, chargePointId); }

  private write(level: LogLevel, msg: string, chargePointId: string | undefined): void {
    if (!this.sink || !this.enabled(level)) return;
    const line = escapeForLog(msg);
    const entry: LogEntry = { time: new Date().toISOString(), level, msg: line, ...(chargePointId === undefined ? {} : { chargePointId }) };
    this.sink(line, entry);
  }
}
