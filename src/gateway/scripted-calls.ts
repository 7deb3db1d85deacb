import type { Payload } from '../protocol/frame.js';
import type { OcppVersion } from '../protocol/versions.js';
import type { GatewayHooks } from './hooks.js';

/**
 * A CALL the gateway sends on its own (a scenario's `csms:` entry, docs/scenarios.md): `afterMs`
 * after it answered an Accepted BootNotification (`boot`) or the start of a transaction
 * (`transaction`: StartTransaction, or TransactionEvent Started), to charge points speaking
 * `protocol`. Payload strings that are exactly `{{transactionId}}` / `{{connectorId}}` take the
 * started transaction's id and connector (EVSE id in 2.0.1), keeping their JSON types.
 */
export interface ScriptedCall {
  protocol: OcppVersion;
  on: 'boot' | 'transaction';
  afterMs: number;
  action: string;
  payload: Payload;
}

type Call = (chargePointId: string, action: string, payload: Payload) => Promise<Payload>;

/** CALLs of a connection whose answer may trigger a scripted call, by message id. */
type Trigger = { on: 'boot' } | { on: 'transaction'; connectorId: number; transactionId?: unknown };

// The charge point has one CALL outstanding at a time (OCPP-J 1.6 §4.1.1): a few pending entries suffice.
const MAX_PENDING = 8;
/** Timers a connection may hold at once; past it a trigger is dropped (a charge point starting transactions faster than the calls go out). */
const MAX_TIMERS = 64;
const TRIGGERING = /^\s*\[\s*2\s*,\s*"[^"]*"\s*,\s*"(BootNotification|StartTransaction|TransactionEvent)"/;

/** The trigger a CALL from the charge point is, if any. */
function triggerOf(frame: unknown[]): Trigger | undefined {
  const [, , action, payload] = frame as [number, string, string, Payload];
  if (action === 'BootNotification') return { on: 'boot' };
  if (action === 'StartTransaction') return { on: 'transaction', connectorId: Number(payload.connectorId) };
  if (action === 'TransactionEvent' && payload.eventType === 'Started') {
    const evse = payload.evse as { id?: unknown } | undefined;
    return { on: 'transaction', connectorId: Number(evse?.id ?? 1), transactionId: (payload.transactionInfo as { transactionId?: unknown } | undefined)?.transactionId };
  }
  return undefined;
}

/** `payload` with the placeholders filled in. */
function filled(value: unknown, values: Readonly<Record<string, unknown>>): unknown {
  if (typeof value === 'string') {
    const name = /^\{\{(transactionId|connectorId)\}\}$/.exec(value)?.[1];
    return name !== undefined && values[name] !== undefined ? values[name] : value;
  }
  if (Array.isArray(value)) return value.map((item) => filled(item, values));
  if (typeof value === 'object' && value !== null) return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, filled(v, values)]));
  return value;
}

function parse(text: string): unknown[] | undefined {
  try {
    const frame = JSON.parse(text) as unknown;
    return Array.isArray(frame) ? frame : undefined;
  } catch {
    return undefined;
  }
}

interface ConnectionState {
  protocol: OcppVersion;
  pending: Map<string, Trigger>;
  timers: Set<NodeJS.Timeout>;
}

/** Told of each scripted call's outcome: its answer, or the error that ended it. */
export interface ScriptedCallObserver {
  answered?(chargePointId: string, action: string, answer: Payload): void;
  failed?(chargePointId: string, action: string, error: Error): void;
}

/**
 * Hooks that make a gateway send `calls` (see ScriptedCall) through `call()` once each trigger
 * was answered. Outcomes go to `observer` only (the charge point's side counts them). Timers are
 * bounded per connection, cleared on disconnect and by `stop()`.
 */
export function scriptedCallHooks(calls: readonly ScriptedCall[], call: () => Call, observer: ScriptedCallObserver = {}): {
  hooks: Required<Pick<GatewayHooks, 'onConnect' | 'onDisconnect' | 'onMessage'>>; stop(): void;
} {
  const connections = new Map<string, ConnectionState>();
  const fire = (id: string, state: ConnectionState, trigger: Trigger, transactionId: unknown): void => {
    const values = trigger.on === 'transaction' ? { transactionId, connectorId: trigger.connectorId } : {};
    for (const scripted of calls) {
      if (scripted.protocol !== state.protocol || scripted.on !== trigger.on || state.timers.size >= MAX_TIMERS) continue;
      const timer = setTimeout(() => {
        state.timers.delete(timer);
        call()(id, scripted.action, filled(scripted.payload, values) as Payload).then(
          (answer) => observer.answered?.(id, scripted.action, answer),
          (error: Error) => observer.failed?.(id, scripted.action, error),
        );
      }, scripted.afterMs);
      state.timers.add(timer);
    }
  };
  return {
    hooks: {
      onConnect: (e) => { connections.set(e.chargePointId, { protocol: e.protocol, pending: new Map(), timers: new Set() }); },
      onDisconnect: (e) => {
        for (const timer of connections.get(e.chargePointId)?.timers ?? []) clearTimeout(timer);
        connections.delete(e.chargePointId);
      },
      onMessage: (e) => {
        const state = connections.get(e.chargePointId);
        if (!state) return;
        if (e.direction === 'in') {
          if (!TRIGGERING.test(e.text)) return;
          const frame = parse(e.text);
          const trigger = frame && triggerOf(frame);
          if (trigger && state.pending.size < MAX_PENDING) state.pending.set(String(frame[1]), trigger);
          return;
        }
        // The gateway's answer: a CALLRESULT may trigger, a CALLERROR only ends the wait.
        if (state.pending.size === 0 || !/^\s*\[\s*[34]\s*,/.test(e.text)) return;
        const frame = parse(e.text);
        const trigger = frame ? state.pending.get(String(frame[1])) : undefined;
        if (!frame || !trigger) return;
        state.pending.delete(String(frame[1]));
        if (frame[0] !== 3) return;
        const answer = (frame[2] ?? {}) as Payload;
        if (trigger.on === 'boot' && answer.status !== 'Accepted') return;
        fire(e.chargePointId, state, trigger, trigger.on === 'transaction' ? trigger.transactionId ?? answer.transactionId : undefined);
      },
    },
    stop: () => {
      for (const state of connections.values()) for (const timer of state.timers) clearTimeout(timer);
      connections.clear();
    },
  };
}
