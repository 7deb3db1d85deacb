import { OcppError } from '../protocol/errors.js';
import type { Payload } from '../protocol/frame.js';
import type { Handler, HandlerTable } from '../protocol/rpc-session.js';
import type { OcppVersion } from '../protocol/versions.js';
import type { ChargePointRecord } from './boot-guard.js';
import type { GatewayState } from './gateway-state.js';
import type { Misbehaviour } from './misbehaviours.js';

const HOUR_MS = 3_600_000;
/** Transaction messages stamped longer ago than this are refused by `offline-rejects-old`. */
const OLD_MS = 5 * 60_000;
/** transactionIds remembered for `shared-transaction-ids` (2.0.1), oldest forgotten first. */
const MAX_REMEMBERED_TRANSACTIONS = 10_000;

const onPurpose = (what: string): OcppError => new OcppError('InternalError', `misbehaving on purpose: ${what}`);
const unsupported = (action: string): OcppError => new OcppError('NotSupported', `misbehaving on purpose: ${action} is not supported`);
const isOld = (timestamp: unknown): boolean => typeof timestamp === 'string' && Date.now() - Date.parse(timestamp) > OLD_MS;
const later = (iso: unknown): string => new Date(Date.parse(String(iso)) + HOUR_MS).toISOString();

type Rewrite<Owner> = (payload: Payload, answer: () => Promise<Payload>, owner: Owner) => Promise<Payload>;

/**
 * Wraps the gateway's answers with the misbehaviours of `on` that live in the answers (boot,
 * heartbeat, status, tokens, notifications, transactions): each breaks one rule of `version`
 * on purpose (misbehaviours.ts). Actions no switch touches keep their handler.
 */
export function withMisbehaviour<Owner extends ChargePointRecord>(table: HandlerTable<Owner>, on: ReadonlySet<Misbehaviour>, version: OcppVersion,
  state: GatewayState): HandlerTable<Owner> {
  if (on.size === 0) return table;
  const v16 = version === 'ocpp1.6';
  const tokenField = v16 ? 'idTagInfo' : 'idTokenInfo';
  const owners = new Map<string, string>();
  const rewrites: Record<string, Rewrite<Owner>> = {
    async BootNotification(_p, answer) {
      const response = { ...(await answer()) };
      if (on.has('boot-interval-zero') && response.status === 'Accepted') response.interval = 0;
      if (on.has('boot-clock-skew') && response.status === 'Accepted') response.currentTime = later(response.currentTime);
      return response;
    },
    async Heartbeat(_p, answer) {
      const response = await answer();
      return on.has('heartbeat-clock-skew') ? { ...response, currentTime: later(response.currentTime) } : response;
    },
    StatusNotification(p, answer) {
      const n = v16 ? p.connectorId : p.evseId;
      if (on.has('status-station-error') && n === 0) throw onPurpose('StatusNotification of connector 0 refused');
      if (on.has('status-connector-2-error') && typeof n === 'number' && n >= 2) throw onPurpose(`StatusNotification of ${v16 ? 'connector' : 'EVSE'} ${n} refused`);
      if (on.has('status-faulted-error') && (p.status ?? p.connectorStatus) === 'Faulted') throw onPurpose('status Faulted refused');
      return answer();
    },
    async Authorize(_p, answer) {
      if (on.has('authorize-rejects-all')) return { [tokenField]: { status: 'Invalid' } };
      if (on.has('authorize-accepts-all')) return { [tokenField]: { status: 'Accepted' } };
      return answer();
    },
    MeterValues(p, answer) {
      const idle = v16 ? p.transactionId === undefined : p.evseId === 0;
      if (on.has('meter-values-idle-error') && idle) throw onPurpose('MeterValues outside a transaction refused');
      return answer();
    },
    async StartTransaction(p, answer) {
      if (on.has('offline-rejects-old') && isOld(p.timestamp)) throw onPurpose('a late StartTransaction refused');
      const response = { ...(await answer()) };
      if (on.has('transaction-accepts-all')) response.idTagInfo = { status: 'Accepted' };
      if (on.has('shared-transaction-ids')) response.transactionId = 1;
      return response;
    },
    StopTransaction(p, answer) {
      if (on.has('offline-rejects-old') && isOld(p.timestamp)) throw onPurpose('a late StopTransaction refused');
      if (on.has('stop-unknown-transaction-error') && !state.gaveTransactionId(p.transactionId)) throw onPurpose(`transaction ${String(p.transactionId)} is unknown`);
      return answer();
    },
    async TransactionEvent(p, answer, owner) {
      if (on.has('offline-rejects-old') && isOld(p.timestamp)) throw onPurpose('a late TransactionEvent refused');
      if (on.has('cable-first-rejected') && p.eventType === 'Started' && p.idToken === undefined) throw onPurpose('a transaction without a token refused');
      const id = String((p.transactionInfo as { transactionId?: unknown } | undefined)?.transactionId);
      if (on.has('shared-transaction-ids') && p.eventType === 'Started') {
        const holder = owners.get(id);
        if (holder !== undefined && holder !== owner.id) throw new OcppError('GenericError', `misbehaving on purpose: transactionId ${id} is in use by ${holder}`);
        owners.set(id, owner.id);
        if (owners.size > MAX_REMEMBERED_TRANSACTIONS) owners.delete(owners.keys().next().value as string);
      }
      const response = await answer();
      return on.has('transaction-accepts-all') && p.idToken !== undefined ? { ...response, idTokenInfo: { status: 'Accepted' } } : response;
    },
  };
  const unsupportedBy: Partial<Record<Misbehaviour, string>> = {
    'data-transfer-unsupported': 'DataTransfer',
    'firmware-status-unsupported': 'FirmwareStatusNotification',
    'diagnostics-status-unsupported': 'DiagnosticsStatusNotification',
    'log-status-unsupported': 'LogStatusNotification',
    'security-event-unsupported': 'SecurityEventNotification',
    'notify-event-unsupported': 'NotifyEvent',
  };
  const refused = new Set(Object.entries(unsupportedBy).filter(([name]) => on.has(name as Misbehaviour)).map(([, action]) => action));
  const wrapped: Record<string, Handler<Owner>> = {};
  for (const [action, handler] of Object.entries(table)) {
    const rewrite = Object.hasOwn(rewrites, action) ? rewrites[action] : undefined;
    if (refused.has(action)) {
      wrapped[action] = () => { throw unsupported(action); };
    } else if (rewrite) {
      wrapped[action] = (payload, ctx) => rewrite(payload, async () => {
        const response = await handler(payload, ctx);
        if (typeof response !== 'object') throw onPurpose(`${action} produced no answer`);
        return response;
      }, ctx.owner);
    } else wrapped[action] = handler;
  }
  return Object.freeze(wrapped);
}
