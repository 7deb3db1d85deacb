import type { Handler } from '../../protocol/rpc-session.js';
import type { ChargePoint } from '../charge-point.js';
import { authSettingsOf, idInfoOf, listLimitsOf } from '../local-auth/local-auth.js';
import type { ListEntry } from '../local-auth/local-list.js';
import { localListOf } from '../local-auth/store.js';

/**
 * SendLocalList (OCPP 2.0.1 D01): Failed while LocalAuthListCtrlr.Enabled is false (2.0.1 has
 * no NotSupported here), else the list's rules (local-list.ts): Accepted, Failed or VersionMismatch.
 */
export const sendLocalListV201: Handler<ChargePoint> = (p, ctx) => {
  if (!authSettingsOf(ctx.owner).listEnabled) return { status: 'Failed' };
  const raw = Array.isArray(p.localAuthorizationList) ? (p.localAuthorizationList as Array<{ idToken: { idToken: string }; idTokenInfo?: unknown }>) : [];
  const entries: ListEntry[] = raw.map((entry) => {
    const info = idInfoOf(entry.idTokenInfo);
    return info ? { idTag: entry.idToken.idToken, info } : { idTag: entry.idToken.idToken };
  });
  const status = localListOf(ctx.owner).apply({ version: Number(p.versionNumber), updateType: p.updateType === 'Full' ? 'Full' : 'Differential', entries }, listLimitsOf(ctx.owner));
  return { status };
};

/** GetLocalListVersion (OCPP 2.0.1 D02): the list's version, 0 when none was sent or the list is disabled. */
export const getLocalListVersionV201: Handler<ChargePoint> = (_p, ctx) => ({
  versionNumber: authSettingsOf(ctx.owner).listEnabled ? localListOf(ctx.owner).version : 0,
});

