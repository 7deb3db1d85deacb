import { localListOf } from '../local-auth/store.js';
import type { VariableDef } from './device-model.js';

/** SendLocalList entries a station takes per message (LocalAuthListCtrlr.ItemsPerMessage) and holds in all. */
export const LOCAL_LIST_ITEMS_PER_MESSAGE = 100;
export const LOCAL_LIST_MAX_ENTRIES = 1000;
/** AuthCacheCtrlr.LifeTime default, in seconds (one day). */
export const AUTH_CACHE_LIFETIME_SEC = 86_400;

const fixed = (value: string) => (): string => value;

/**
 * The device-model variables of local authorization (OCPP 2.0.1 Part 2 appendix, C10–C15, D01/D02):
 * the local list's and the cache's switches and sizes, and offline authorization.
 */
export const AUTH_VARIABLES: readonly VariableDef[] = Object.freeze([
  { component: 'AuthCtrlr', variable: 'LocalAuthorizeOffline', mutability: 'ReadWrite', dataType: 'boolean', value: fixed('true') },
  { component: 'AuthCtrlr', variable: 'OfflineTxForUnknownIdEnabled', mutability: 'ReadWrite', dataType: 'boolean', value: fixed('false') },
  { component: 'LocalAuthListCtrlr', variable: 'Available', mutability: 'ReadOnly', dataType: 'boolean', value: fixed('true') },
  { component: 'LocalAuthListCtrlr', variable: 'Enabled', mutability: 'ReadWrite', dataType: 'boolean', value: fixed('true') },
  { component: 'LocalAuthListCtrlr', variable: 'Entries', mutability: 'ReadOnly', dataType: 'integer', value: (cp) => String(localListOf(cp).size) },
  { component: 'LocalAuthListCtrlr', variable: 'ItemsPerMessage', mutability: 'ReadOnly', dataType: 'integer', value: fixed(String(LOCAL_LIST_ITEMS_PER_MESSAGE)) },
  { component: 'LocalAuthListCtrlr', variable: 'BytesPerMessage', mutability: 'ReadOnly', dataType: 'integer', value: fixed('65536') },
  { component: 'AuthCacheCtrlr', variable: 'Available', mutability: 'ReadOnly', dataType: 'boolean', value: fixed('true') },
  { component: 'AuthCacheCtrlr', variable: 'Enabled', mutability: 'ReadWrite', dataType: 'boolean', value: fixed('true') },
  { component: 'AuthCacheCtrlr', variable: 'LifeTime', mutability: 'ReadWrite', dataType: 'integer', unit: 's', minLimit: 1, value: fixed(String(AUTH_CACHE_LIFETIME_SEC)) },
] satisfies VariableDef[]);
