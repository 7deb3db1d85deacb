import chalk from 'chalk';
import type { ChargePointState } from '../../chargepoint/states.js';

/**
 * The dashboard's colours. Every coloured thing also reads without colour (NO_COLOR): states
 * are named, bars are glyphs, warnings start with a word; chalk drops the colours by itself.
 */
export const paint = {
  title: (s: string): string => chalk.bold(s),
  dim: (s: string): string => chalk.dim(s),
  good: (s: string): string => chalk.green(s),
  warn: (s: string): string => chalk.yellow(s),
  bad: (s: string): string => chalk.red(s),
  accent: (s: string): string => chalk.cyan(s),
  selected: (s: string): string => chalk.inverse(s),
};

const STATE_PAINT: Record<ChargePointState, (s: string) => string> = {
  idle: paint.dim, connecting: paint.accent, booting: paint.accent, pending: paint.warn, rejected: paint.bad,
  accepted: paint.good, backoff: paint.warn, offline: paint.dim, 'gave-up': paint.bad, closed: paint.dim,
};

/** The colour of a charge point state's bar. */
export function paintState(state: ChargePointState, text: string): string {
  return STATE_PAINT[state](text);
}
