import type { Payload } from '../../protocol/frame.js';
import type { ChargePoint } from '../charge-point.js';
import { LOCAL_LIST_MAX, SEND_LOCAL_LIST_MAX, configValue } from '../v16/config.js';
import { LOCAL_LIST_ITEMS_PER_MESSAGE, LOCAL_LIST_MAX_ENTRIES } from '../v201/auth-variables.js';
import { variableValue } from '../v201/device-model.js';
import { decideAuthorization, type AuthSettings } from './authorize.js';
import type { IdInfo, ListLimits } from './local-list.js';
import { authCacheOf, localListOf } from './store.js';

const isTrue = (value: string | undefined): boolean => value === 'true';

/** `cp`'s authorization settings: 1.6 configuration keys, or 2.0.1 device-model variables. */
export function authSettingsOf(cp: ChargePoint): AuthSettings {
  if (cp.profile.version === 'ocpp1.6') {
    return {
      listEnabled: isTrue(configValue(cp, 'LocalAuthListEnabled')), cacheEnabled: isTrue(configValue(cp, 'AuthorizationCacheEnabled')),
      preAuthorize: isTrue(configValue(cp, 'LocalPreAuthorize')), authorizeOffline: isTrue(configValue(cp, 'LocalAuthorizeOffline')),
      offlineUnknown: isTrue(configValue(cp, 'AllowOfflineTxForUnknownId')), authorizeRemoteStart: isTrue(configValue(cp, 'AuthorizeRemoteTxRequests')),
    };
  }
  return {
    listEnabled: isTrue(variableValue(cp, 'LocalAuthListCtrlr', 'Enabled')), cacheEnabled: isTrue(variableValue(cp, 'AuthCacheCtrlr', 'Enabled')),
    preAuthorize: isTrue(variableValue(cp, 'AuthCtrlr', 'LocalPreAuthorize')), authorizeOffline: isTrue(variableValue(cp, 'AuthCtrlr', 'LocalAuthorizeOffline')),
    offlineUnknown: isTrue(variableValue(cp, 'AuthCtrlr', 'OfflineTxForUnknownIdEnabled')), authorizeRemoteStart: isTrue(variableValue(cp, 'AuthCtrlr', 'AuthorizeRemoteStart')),
    cacheLifetimeMs: Number(variableValue(cp, 'AuthCacheCtrlr', 'LifeTime') ?? 86_400) * 1000,
  };
}

/** The SendLocalList sizes `cp` takes. */
export function listLimitsOf(cp: ChargePoint): ListLimits {
  return cp.profile.version === 'ocpp1.6'
    ? { perMessage: SEND_LOCAL_LIST_MAX, total: LOCAL_LIST_MAX }
    : { perMessage: LOCAL_LIST_ITEMS_PER_MESSAGE, total: LOCAL_LIST_MAX_ENTRIES };
}

/** A 1.6 IdTagInfo or 2.0.1 IdTokenInfo as IdInfo; undefined when it has no status. */
export function idInfoOf(info: unknown): IdInfo | undefined {
  if (typeof info !== 'object' || info === null) return undefined;
  const { status, expiryDate, cacheExpiryDateTime, parentIdTag, groupIdToken } = info as Record<string, unknown>;
  if (typeof status !== 'string') return undefined;
  const result: IdInfo = { status };
  const expiry = Date.parse(String(expiryDate ?? cacheExpiryDateTime ?? ''));
  if (Number.isFinite(expiry)) result.expiresAt = expiry;
  const parent = typeof parentIdTag === 'string' ? parentIdTag : (groupIdToken as { idToken?: unknown } | undefined)?.idToken;
  if (typeof parent === 'string') result.parentIdTag = parent;
  return result;
}

/** Stores the id tag info of an answer (Authorize, StartTransaction, TransactionEvent) in `cp`'s cache when the cache is on (1.6 §3.5.1, C10). */
export function rememberIdInfo(cp: ChargePoint, idTag: string, info: unknown): void {
  const parsed = idInfoOf(info);
  if (parsed && authSettingsOf(cp).cacheEnabled) authCacheOf(cp).store(idTag, parsed, Date.now());
}

/** How an authorization ended: the info it rests on, and whether an Authorize went out. */
export interface AuthOutcome {
  info: IdInfo;
  /** `list`/`cache`: decided locally, no Authorize sent; `central`: the central system answered; `offline`: refused offline. */
  source: 'local' | 'central' | 'offline';
}

/**
 * Authorizes `idTag` the way a charger does (authorize.ts): the local list and cache first,
 * Authorize only when they do not settle it; the answer goes into the cache. Rejects when the
 * Authorize fails (a closed connection, a CALLERROR).
 */
export async function authorizeIdTag(cp: ChargePoint, idTag: string, tokenType = 'ISO14443'): Promise<AuthOutcome> {
  const online = cp.state === 'accepted';
  const decision = decideAuthorization(idTag, online, authSettingsOf(cp), localListOf(cp), authCacheOf(cp), Date.now());
  if (decision.kind === 'local') return { info: decision.info, source: 'local' };
  if (decision.kind === 'refuse') return { info: decision.info ?? { status: 'Invalid' }, source: 'offline' };
  const request: Payload = cp.profile.version === 'ocpp1.6' ? { idTag } : { idToken: { idToken: idTag, type: tokenType } };
  const answer = await cp.call('Authorize', request);
  const info = answer.idTagInfo ?? answer.idTokenInfo;
  rememberIdInfo(cp, idTag, info);
  return { info: idInfoOf(info) ?? { status: 'Invalid' }, source: 'central' };
}

/**
 * Whether a remote start (1.6 RemoteStartTransaction §5.11, 2.0.1 RequestStartTransaction F01)
 * may go on for `idTag`: at once while AuthorizeRemoteTxRequests / AuthCtrlr.AuthorizeRemoteStart
 * is false, else only when the charge point's own authorization (authorizeIdTag) ends Accepted.
 */
export async function remoteStartAuthorized(cp: ChargePoint, idTag: string, tokenType?: string): Promise<boolean> {
  if (!authSettingsOf(cp).authorizeRemoteStart) return true;
  return (await authorizeIdTag(cp, idTag, tokenType)).info.status === 'Accepted';
}

/** ClearCache (OCPP 1.6 §5.4, 2.0.1 C11): empties `cp`'s authorization cache; Rejected while the cache is disabled. */
export function clearAuthCache(cp: ChargePoint): 'Accepted' | 'Rejected' {
  if (!authSettingsOf(cp).cacheEnabled) return 'Rejected';
  authCacheOf(cp).clear();
  return 'Accepted';
}
