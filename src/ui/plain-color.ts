import type { ChalkInstance } from 'chalk';

const same = (...text: unknown[]): string => (text.length === 1 ? String(text[0]) : text.join(' '));

/**
 * Chalk at level 0 without loading chalk: every style, and every chain of styles
 * (`c.red.bold`), returns its arguments as text joined by spaces, as `new Chalk({ level: 0 })`
 * does; `level` is 0. The summary of a run that prints no colour (not a terminal, NO_COLOR)
 * uses it; a coloured one loads chalk.
 */
export const PLAIN_COLOR: ChalkInstance = new Proxy(same, {
  // Not a thenable (`then` is undefined, as on chalk), so a promise can resolve to it.
  get: (_target, key) => (key === 'level' ? 0 : key === 'then' || typeof key === 'symbol' ? undefined : PLAIN_COLOR),
}) as unknown as ChalkInstance;
