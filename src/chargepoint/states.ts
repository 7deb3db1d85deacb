/**
 * The life of one charge point: `connecting` (upgrade in progress) → `booting` (BootNotification
 * sent) → `pending` | `rejected` (retry the boot after `interval`) → `accepted`. Any loss of the
 * connection leads to `backoff` and then `connecting` again; `offline` is the same wait after the
 * scenario's own `offline` step cut the link on purpose (from the cut until the next connect
 * attempt); `gave-up` means a fatal connect error (401, subprotocol refused) ended retries;
 * `closed` means the run stopped it. (A charge point
 * that never booted is a *failed* one in the summary, whatever its state.)
 */
export const CHARGE_POINT_STATES = ['idle', 'connecting', 'booting', 'pending', 'rejected', 'accepted', 'backoff', 'offline', 'gave-up', 'closed'] as const;

export type ChargePointState = (typeof CHARGE_POINT_STATES)[number];

/** Counts of charge points per state, every state present. */
export type StateCounts = Record<ChargePointState, number>;

export function emptyStateCounts(): StateCounts {
  return Object.fromEntries(CHARGE_POINT_STATES.map((state) => [state, 0])) as StateCounts;
}
