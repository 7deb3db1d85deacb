import type { ChargePoint } from '../charge-point.js';
import { PROFILE_LIMITS } from '../smart-charging/parse.js';

type Kind = 'int' | 'bool' | 'csl';
interface KeyDef { readonly: boolean; kind: Kind; value: (cp: ChargePoint) => string }

const fixed = (value: string) => (): string => value;

/** Id tags the local list holds at most (LocalAuthListMaxLength) and takes per SendLocalList (SendLocalListMaxLength). */
export const LOCAL_LIST_MAX = 1000;
export const SEND_LOCAL_LIST_MAX = 100;

/** The configuration keys of a simulated 1.6 charge point (OCPP 1.6 §9.1) with their defaults. */
const KEYS: Readonly<Record<string, KeyDef>> = Object.freeze({
  AllowOfflineTxForUnknownId: { readonly: false, kind: 'bool', value: fixed('false') },
  AuthorizationCacheEnabled: { readonly: false, kind: 'bool', value: fixed('true') },
  ChargeProfileMaxStackLevel: { readonly: true, kind: 'int', value: fixed(String(PROFILE_LIMITS.maxStackLevel)) },
  ChargingScheduleAllowedChargingRateUnit: { readonly: true, kind: 'csl', value: fixed('Current,Power') },
  ChargingScheduleMaxPeriods: { readonly: true, kind: 'int', value: fixed(String(PROFILE_LIMITS.maxPeriods)) },
  MaxChargingProfilesInstalled: { readonly: true, kind: 'int', value: fixed(String(PROFILE_LIMITS.maxProfiles)) },
  AuthorizeRemoteTxRequests: { readonly: false, kind: 'bool', value: fixed('false') },
  ClockAlignedDataInterval: { readonly: false, kind: 'int', value: fixed('0') },
  ConnectionTimeOut: { readonly: false, kind: 'int', value: fixed('60') },
  GetConfigurationMaxKeys: { readonly: true, kind: 'int', value: fixed('50') },
  HeartbeatInterval: { readonly: false, kind: 'int', value: (cp) => String(cp.heartbeatIntervalSec) },
  LocalAuthListEnabled: { readonly: false, kind: 'bool', value: fixed('true') },
  LocalAuthListMaxLength: { readonly: true, kind: 'int', value: fixed(String(LOCAL_LIST_MAX)) },
  LocalAuthorizeOffline: { readonly: false, kind: 'bool', value: fixed('true') },
  LocalPreAuthorize: { readonly: false, kind: 'bool', value: fixed('false') },
  MeterValuesAlignedData: { readonly: false, kind: 'csl', value: fixed('Energy.Active.Import.Register') },
  MeterValuesSampledData: { readonly: false, kind: 'csl', value: fixed('Energy.Active.Import.Register,Power.Active.Import,Current.Import') },
  MeterValueSampleInterval: { readonly: false, kind: 'int', value: fixed('60') },
  NumberOfConnectors: { readonly: true, kind: 'int', value: (cp) => String(cp.scenario.chargePoint.connectors) },
  ReserveConnectorZeroSupported: { readonly: true, kind: 'bool', value: fixed('false') },
  ResetRetries: { readonly: false, kind: 'int', value: fixed('1') },
  SendLocalListMaxLength: { readonly: true, kind: 'int', value: fixed(String(SEND_LOCAL_LIST_MAX)) },
  StopTransactionOnEVSideDisconnect: { readonly: false, kind: 'bool', value: fixed('true') },
  StopTransactionOnInvalidId: { readonly: false, kind: 'bool', value: fixed('true') },
  StopTxnAlignedData: { readonly: false, kind: 'csl', value: fixed('') },
  StopTxnSampledData: { readonly: false, kind: 'csl', value: fixed('') },
  SupportedFeatureProfiles: { readonly: true, kind: 'csl', value: fixed('Core,FirmwareManagement,LocalAuthListManagement,Reservation,RemoteTrigger,SmartCharging') },
  TransactionMessageAttempts: { readonly: false, kind: 'int', value: fixed('3') },
  TransactionMessageRetryInterval: { readonly: false, kind: 'int', value: fixed('60') },
  UnlockConnectorOnEVSideDisconnect: { readonly: false, kind: 'bool', value: fixed('true') },
  WebSocketPingInterval: { readonly: false, kind: 'int', value: fixed('0') },
});

export interface ConfigurationEntry { key: string; readonly: boolean; value: string }

/** GetConfiguration (OCPP 1.6 §5.8): the known keys asked for (all when `keys` is empty) and the unknown ones. */
export function getConfiguration(cp: ChargePoint, keys: readonly string[] = []): { configurationKey: ConfigurationEntry[]; unknownKey: string[] } {
  const wanted = keys.length > 0 ? keys : Object.keys(KEYS);
  const configurationKey: ConfigurationEntry[] = [];
  const unknownKey: string[] = [];
  for (const key of wanted) {
    const def = Object.hasOwn(KEYS, key) ? KEYS[key] : undefined;
    if (!def) unknownKey.push(key);
    else configurationKey.push({ key, readonly: def.readonly, value: cp.configOverrides?.get(key) ?? def.value(cp) });
  }
  return { configurationKey, unknownKey };
}

/** The value of configuration key `key` now (a change by ChangeConfiguration included); undefined for an unknown key. */
export function configValue(cp: ChargePoint, key: string): string | undefined {
  const def = Object.hasOwn(KEYS, key) ? KEYS[key] : undefined;
  return def ? cp.configOverrides?.get(key) ?? def.value(cp) : undefined;
}

function valid(kind: Kind, value: string): boolean {
  if (kind === 'int') return /^\d+$/.test(value);
  if (kind === 'bool') return value === 'true' || value === 'false';
  return true;
}

/**
 * ChangeConfiguration (OCPP 1.6 §5.3): NotSupported for an unknown key, Rejected for a
 * read-only key or a malformed value, otherwise Accepted and applied now. A new
 * HeartbeatInterval restarts the heartbeat at that interval.
 */
export function changeConfiguration(cp: ChargePoint, key: string, value: string): 'Accepted' | 'Rejected' | 'NotSupported' {
  const def = Object.hasOwn(KEYS, key) ? KEYS[key] : undefined;
  if (!def) return 'NotSupported';
  if (def.readonly || !valid(def.kind, value)) return 'Rejected';
  if (key === 'HeartbeatInterval') {
    const seconds = Number(value);
    if (seconds < 1) return 'Rejected';
    cp.heartbeatIntervalSec = seconds;
    if (cp.isHeartbeating) cp.startHeartbeat();
    return 'Accepted';
  }
  (cp.configOverrides ??= new Map()).set(key, value);
  return 'Accepted';
}
