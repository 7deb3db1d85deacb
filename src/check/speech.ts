import { errorCodeFor, type CallErrorKind } from '../protocol/errors.js';
import type { Payload } from '../protocol/frame.js';
import type { OcppVersion } from '../protocol/versions.js';

/** How a check station words the messages every version has; the transaction flows live in each version's checks. */
export interface Speech {
  readonly version: OcppVersion;
  boot(): Payload;
  /** StatusNotification of connector (1.6) or EVSE (2.0.1) `n` ≥ 1 with `status`. */
  status(n: number, status: string): Payload;
  /** Every status value of the version's StatusNotification. */
  readonly statuses: readonly string[];
  authorize(token: string): Payload;
  /** The authorization status inside an Authorize (or transaction) answer, or undefined. */
  authStatus(answer: Payload): string | undefined;
  /** The code of `kind` as the version spells it on the wire. */
  code(kind: CallErrorKind): string;
  /** An action the version's schemas do not know. */
  readonly unknownAction: string;
}

const now = (): string => new Date().toISOString();
const statusOf = (info: unknown): string | undefined => (info as { status?: unknown } | undefined)?.status as string | undefined;

const V16: Speech = Object.freeze({
  version: 'ocpp1.6',
  boot: () => ({ chargePointVendor: 'ocpp-sim', chargePointModel: 'check', firmwareVersion: '1.0' }),
  status: (n: number, status: string) => ({ connectorId: n, errorCode: status === 'Faulted' ? 'GroundFailure' : 'NoError', status, timestamp: now() }),
  statuses: Object.freeze(['Available', 'Preparing', 'Charging', 'SuspendedEVSE', 'SuspendedEV', 'Finishing', 'Reserved', 'Unavailable', 'Faulted']),
  authorize: (token: string) => ({ idTag: token }),
  authStatus: (answer: Payload) => statusOf(answer.idTagInfo),
  code: (kind: CallErrorKind) => errorCodeFor('ocpp1.6', kind),
  unknownAction: 'OcppSimUnknownAction',
});

const V201: Speech = Object.freeze({
  version: 'ocpp2.0.1',
  boot: () => ({ reason: 'PowerUp', chargingStation: { model: 'check', vendorName: 'ocpp-sim', firmwareVersion: '1.0' } }),
  status: (n: number, status: string) => ({ timestamp: now(), connectorStatus: status, evseId: n, connectorId: 1 }),
  statuses: Object.freeze(['Available', 'Occupied', 'Reserved', 'Unavailable', 'Faulted']),
  authorize: (token: string) => ({ idToken: { idToken: token, type: 'ISO14443' } }),
  authStatus: (answer: Payload) => statusOf(answer.idTokenInfo),
  code: (kind: CallErrorKind) => errorCodeFor('ocpp2.0.1', kind),
  unknownAction: 'OcppSimUnknownAction',
});

/** OCPP 2.1 words these messages as 2.0.1 does. */
const V21: Speech = Object.freeze({ ...V201, version: 'ocpp2.1', code: (kind: CallErrorKind) => errorCodeFor('ocpp2.1', kind) });

const SPEECH: Partial<Record<OcppVersion, Speech>> = { 'ocpp1.6': V16, 'ocpp2.0.1': V201, 'ocpp2.1': V21 };

/** The speech of `version`; throws for a version the checks do not cover. */
export function speechFor(version: OcppVersion): Speech {
  const speech = SPEECH[version];
  if (!speech) throw new Error(`ocpp-sim check does not cover ${version} yet`);
  return speech;
}
