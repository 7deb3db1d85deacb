import type { IdInfo, LocalList } from './local-list.js';

/** Most id tags an authorization cache keeps; the least recently stored goes first. */
export const AUTH_CACHE_MAX = 1000;

/**
 * The authorization cache (OCPP 1.6 §3.5.1, 2.0.1 C10): the IdTagInfo of every answer the
 * charge point received, by id tag (case-insensitive), at most AUTH_CACHE_MAX, each for at
 * most `lifetimeMs` (2.0.1 AuthCacheCtrlr.LifeTime) from when it was stored.
 */
export class AuthCache {
  private readonly entries = new Map<string, { info: IdInfo; storedAt: number }>();

  get size(): number {
    return this.entries.size;
  }

  store(idTag: string, info: IdInfo, now: number): void {
    const key = idTag.toLowerCase();
    this.entries.delete(key);
    this.entries.set(key, { info, storedAt: now });
    if (this.entries.size > AUTH_CACHE_MAX) this.entries.delete(this.entries.keys().next().value as string);
  }

  lookup(idTag: string, now: number, lifetimeMs = Number.POSITIVE_INFINITY): IdInfo | undefined {
    const entry = this.entries.get(idTag.toLowerCase());
    if (!entry) return undefined;
    if (now - entry.storedAt > lifetimeMs) {
      this.entries.delete(idTag.toLowerCase());
      return undefined;
    }
    return entry.info;
  }

  /** ClearCache. */
  clear(): void {
    this.entries.clear();
  }
}

/** The settings that decide local authorization: 1.6 configuration keys / 2.0.1 device-model variables. */
export interface AuthSettings {
  /** LocalAuthListEnabled / LocalAuthListCtrlr.Enabled. */
  listEnabled: boolean;
  /** AuthorizationCacheEnabled / AuthCacheCtrlr.Enabled. */
  cacheEnabled: boolean;
  /** LocalPreAuthorize / AuthCtrlr.LocalPreAuthorize. */
  preAuthorize: boolean;
  /** LocalAuthorizeOffline / AuthCtrlr.LocalAuthorizeOffline. */
  authorizeOffline: boolean;
  /** AllowOfflineTxForUnknownId / AuthCtrlr.OfflineTxForUnknownIdEnabled: offline, a tag neither list nor cache knows starts. */
  offlineUnknown: boolean;
  /** AuthorizeRemoteTxRequests / AuthCtrlr.AuthorizeRemoteStart: a remote start's tag is authorized like a local one first. */
  authorizeRemoteStart: boolean;
  /** 2.0.1 AuthCacheCtrlr.LifeTime in ms; unbounded in 1.6. */
  cacheLifetimeMs?: number;
}

/** What the charge point does with an id tag: start on what it knows (`local`), ask the central system (`ask`), or refuse. */
export type AuthDecision = { kind: 'local'; info: IdInfo } | { kind: 'ask' } | { kind: 'refuse'; info?: IdInfo };

/** `info` with Expired in place of Accepted once its expiry date passed. */
function current(info: IdInfo, now: number): IdInfo {
  return info.status === 'Accepted' && info.expiresAt !== undefined && info.expiresAt <= now ? { ...info, status: 'Expired' } : info;
}

/**
 * Decides an authorization before any Authorize is sent (OCPP 1.6 §3.5, 2.0.1 C12–C15),
 * pure: the local list first (it takes precedence over the cache), then the cache. Online, a
 * known Accepted tag starts at once when pre-authorization is on (no Authorize); anything else
 * is asked. Offline, a known Accepted tag starts when offline authorization is on, an unknown
 * one when `offlineUnknown` is on (1.6 §3.5.3, 2.0.1 C15: a tag the list or cache holds with
 * another status, or expired, is refused all the same); anything else is refused. `now` is epoch ms.
 */
export function decideAuthorization(idTag: string, online: boolean, settings: AuthSettings, list: LocalList | undefined, cache: AuthCache | undefined, now: number): AuthDecision {
  const listed = settings.listEnabled ? list?.lookup(idTag) : undefined;
  const cached = listed === undefined && settings.cacheEnabled ? cache?.lookup(idTag, now, settings.cacheLifetimeMs) : undefined;
  const known = listed ?? cached;
  const info = known === undefined ? undefined : current(known, now);
  const accepted = info?.status === 'Accepted';
  if (online) return accepted && settings.preAuthorize ? { kind: 'local', info: info as IdInfo } : { kind: 'ask' };
  if (accepted && settings.authorizeOffline) return { kind: 'local', info: info as IdInfo };
  if (info === undefined && settings.offlineUnknown) return { kind: 'local', info: { status: 'Accepted' } };
  return info ? { kind: 'refuse', info } : { kind: 'refuse' };
}
