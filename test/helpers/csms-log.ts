import type { MessageEvent } from '../../src/gateway/hooks.js';

/** One CALL as a central system received it. */
export interface LoggedCall {
  cp: string;
  id: string;
  action: string;
  payload: Record<string, unknown>;
  /** Date.now() when it arrived. */
  at: number;
}

/**
 * Records the CALLs a gateway receives (its `onMessage` hook), in arrival order: what the
 * central system saw, not what the charge points think they sent.
 */
export function csmsLog(): { calls: LoggedCall[]; onMessage: (event: MessageEvent) => void; of: (action?: string) => LoggedCall[] } {
  const calls: LoggedCall[] = [];
  return {
    calls,
    onMessage: (event) => {
      if (event.direction !== 'in') return;
      const frame = JSON.parse(event.text) as unknown[];
      if (frame[0] !== 2) return;
      calls.push({ cp: event.chargePointId, id: String(frame[1]), action: String(frame[2]), payload: frame[3] as Record<string, unknown>, at: Date.now() });
    },
    of: (action) => calls.filter((c) => action === undefined || c.action === action),
  };
}
