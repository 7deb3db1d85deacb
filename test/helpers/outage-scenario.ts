import { yaml } from '../chargepoint/scenario/harness.js';

/** How long the outage-mid-transaction tests keep the central system away, in ms. */
export const OUTAGE_MS = 20_000;
/** Readings of the transaction, one a second: most of them fall in the outage. */
export const READINGS = 12;

/**
 * A transaction through an outage: boot, a start, READINGS readings a second apart and the stop,
 * the steps kept running offline (`keepRunning`), in the given OCPP version.
 */
export function midTransactionScenario(protocol: string): string {
  return yaml(
    `protocol: ${protocol}`,
    'offline: { keepRunning: true }',
    'steps:',
    '  - boot',
    '  - startTransaction: { connector: 1, idTag: TAG-1 }',
    '  - repeat:',
    '      every: 1s',
    `      count: ${READINGS}`,
    '      steps:',
    '        - meterValues: { connector: 1 }',
    '  - stopTransaction: { connector: 1 }',
  );
}
