import { parseDuration } from '../clock/duration.js';
import { CliError } from './errors.js';
import { EXIT } from './exit-codes.js';

/** Collects every problem with the flags, so a user sees them all at once. */
export class Problems {
  private readonly list: string[] = [];
  private readonly hints = new Set<string | undefined>();

  /** Records a problem; `hint` says where the answer is when it is not the command's help (e.g. `'ocpp-sim help thresholds' has the syntax`). */
  add(problem: string, hint?: string): void {
    this.list.push(problem);
    this.hints.add(hint);
  }

  int(flag: string, raw: string | number, min: number, max = Number.MAX_SAFE_INTEGER): number {
    const text = String(raw).trim();
    const value = Number(text);
    if (!/^-?\d+$/.test(text) || value < min || value > max) {
      this.add(`${flag} must be an integer ${max === Number.MAX_SAFE_INTEGER ? `>= ${min}` : `from ${min} to ${max}`} (got '${raw}')`);
      return min;
    }
    return value;
  }

  durationMs(flag: string, raw: string | number, minMs = 0): number {
    const value = parseDuration(raw);
    if (value === undefined || value < minMs) {
      this.add(`${flag} must be a duration such as 30s, 500ms or 5m${minMs > 0 ? ` of at least ${minMs}ms` : ''} (got '${raw}')`);
      return minMs;
    }
    return value;
  }

  oneOf<T extends string>(flag: string, raw: string, allowed: readonly T[]): T {
    if (!allowed.includes(raw as T)) {
      this.add(`${flag} must be one of ${allowed.join(', ')} (got '${raw}')`);
      return allowed[0] as T;
    }
    return raw as T;
  }

  /** A ws:// or wss:// URL with a host; returned without a trailing slash. */
  wsUrl(flag: string, raw: string): string {
    let url: URL;
    try {
      url = new URL(raw);
    } catch {
      this.add(`${flag} is not a valid URL (got '${raw}'); expected e.g. ws://127.0.0.1:8080/ocpp`);
      return raw;
    }
    if (url.protocol !== 'ws:' && url.protocol !== 'wss:') this.add(`${flag} must start with ws:// or wss:// (got '${raw}')`);
    else if (!url.hostname) this.add(`${flag} has no host (got '${raw}')`);
    else if (url.search || url.hash) this.add(`${flag} must not have a query or fragment: the charge point id is appended to its path (got '${raw}')`);
    // Credentials in the URL would be one password for every id, and would end up in logs and reports.
    else if (url.username || url.password) this.add(`${flag} must not carry credentials: use --password (each charge point's id is its username)`);
    return raw.replace(/\/+$/, '');
  }

  /**
   * Throws one CliError (exit 104) listing every problem, if there are any, pointing at the
   * help with the answer: the hint all problems share, else `command`'s help (e.g. `run`).
   */
  throwIfAny(command: string): void {
    if (this.list.length === 0) return;
    const [shared] = this.hints;
    const hint = this.hints.size === 1 && shared !== undefined ? shared : `'ocpp-sim ${command} --help' describes every flag`;
    throw new CliError(this.list.length === 1 ? `invalid option: ${this.list[0]}` : `invalid options: ${this.list.join('; ')}`, EXIT.INVALID_CONFIG, hint);
  }
}
