import type { Handler } from '../../protocol/rpc-session.js';
import type { ChargePoint } from '../charge-point.js';
import { authSettingsOf, idInfoOf, listLimitsOf } from '../local-auth/local-auth.js';
import type { ListEntry } from '../local-auth/local-list.js';
import { localListOf } from '../local-auth/store.js';

/**
 * SendLocalList (OCPP 1.6 §5.15): NotSupported while LocalAuthListEnabled is false, else the
 * list's rules (local-list.ts): Accepted, Failed or VersionMismatch.
 */
export const sendLocalListV16: Handler<ChargePoint> = (p, ctx) => {
  if (!authSettingsOf(ctx.owner).listEnabled) return { status: 'NotSupported' };
  const raw = Array.isArray(p.localAuthorizationList) ? (p.localAuthorizationList as Array<{ idTag: string; idTagInfo?: unknown }>) : [];
  const entries: ListEntry[] = raw.map((entry) => {
    const info = idInfoOf(entry.idTagInfo);
    return info ? { idTag: entry.idTag, info } : { idTag: entry.idTag };
  });
  const status = localListOf(ctx.owner).apply({ version: Number(p.listVersion), updateType: p.updateType === 'Full' ? 'Full' : 'Differential', entries }, listLimitsOf(ctx.owner));
  return { status };
};

/** GetLocalListVersion (OCPP 1.6 §5.10): the list's version, 0 when none was sent, -1 while LocalAuthListEnabled is false. */
export const getLocalListVersionV16: Handler<ChargePoint> = (_p, ctx) => ({
  listVersion: authSettingsOf(ctx.owner).listEnabled ? localListOf(ctx.owner).version : -1,
});

