import { TransportError } from '../../transport/errors.js';
import type { CheckContext, StationSpec } from '../context.js';
import { expect, type CheckDefinition } from '../types.js';

/** Expects the upgrade of `spec` to be refused (401/403, or the TLS handshake failing); returns how. */
async function expectUpgradeRefused(ctx: CheckContext, spec: StationSpec, what: string): Promise<string> {
  const station = ctx.station(spec);
  try {
    await station.open();
  } catch (error) {
    if (error instanceof TransportError) {
      if (error.status !== undefined) {
        expect(error.status === 401 || error.status === 403, `${what}: refused with HTTP ${error.status}, expected 401 or 403`);
        return `HTTP ${error.status}`;
      }
      return error.errno ?? error.code;
    }
    if ((error as { code?: unknown }).code === 'E_SOCKET') return 'closed during the handshake';
    throw error;
  }
  const closed = await station.waitClosed(ctx.settings.quietMs);
  expect(closed, `${what}: the CSMS accepted the connection`);
  return `closed ${closed.code}`;
}

const wrongPassword = (ctx: CheckContext): string => `${ctx.settings.password ?? ''}-wrong`;

/** Security profiles 1–3: HTTP Basic auth, the server certificate, client certificates. */
export const SECURITY_CHECKS: readonly CheckDefinition[] = [
  {
    name: 'basic-auth-accepted',
    proves: 'the station id with the right password (--password) is let in',
    refs: { 'ocpp1.6': { section: 'Security whitepaper §2.3', octt: 'TC_085_CSMS' }, 'ocpp2.0.1': { section: '2.0.1 A00.FR.2', octt: 'TC_A_01_CSMS' } },
    needs: ['password'],
    async run(ctx) {
      await ctx.booted();
    },
  },
  {
    name: 'basic-auth-wrong-password',
    proves: 'a wrong password is refused at the upgrade (401)',
    refs: { 'ocpp1.6': { section: 'Security whitepaper §2.3' }, 'ocpp2.0.1': { section: '2.0.1 A00.FR.2', octt: 'TC_A_03_CSMS' } },
    needs: ['password'],
    run: (ctx) => expectUpgradeRefused(ctx, { basic: { username: ctx.id(), password: wrongPassword(ctx) } }, 'a wrong password'),
  },
  {
    name: 'basic-auth-missing',
    proves: 'an upgrade without credentials is refused (401)',
    refs: { 'ocpp1.6': { section: 'Security whitepaper §2.3' }, 'ocpp2.0.1': { section: '2.0.1 A00.FR.2' } },
    needs: ['password'],
    run: (ctx) => expectUpgradeRefused(ctx, { basic: null }, 'no credentials'),
  },
  {
    name: 'basic-auth-other-username',
    proves: 'the right password with a username that is not the station id is refused',
    refs: { 'ocpp1.6': { section: 'Security whitepaper §2.3' }, 'ocpp2.0.1': { section: '2.0.1 A00.FR.2', octt: 'TC_A_02_CSMS' } },
    needs: ['password'],
    run: (ctx) => expectUpgradeRefused(ctx, { basic: { username: ctx.id(2), password: ctx.settings.password ?? '' } }, 'another username'),
  },
  {
    name: 'tls-server-certificate',
    proves: "the CSMS's certificate is valid for its host name and chains to the trusted CA (--ca, or the system's)",
    refs: { 'ocpp1.6': { section: 'Security whitepaper §2.4', octt: 'TC_086_CSMS' }, 'ocpp2.0.1': { section: '2.0.1 A00.FR.3', octt: 'TC_A_04_CSMS' } },
    needs: ['tls'],
    async run(ctx) {
      expect(!ctx.settings.tls?.insecure, 'certificate verification is off (--insecure): nothing to prove');
      await ctx.booted();
    },
  },
  {
    name: 'tls-client-certificate',
    proves: 'a station with a client certificate (--cert/--key) is let in',
    refs: { 'ocpp1.6': { section: 'Security whitepaper §2.5', octt: 'TC_087_CSMS' }, 'ocpp2.0.1': { section: '2.0.1 A00.FR.4', octt: 'TC_A_07_CSMS' } },
    needs: ['tls', 'client-cert'],
    async run(ctx) {
      await ctx.booted();
    },
  },
  {
    name: 'tls-no-client-certificate',
    proves: 'a station without a client certificate is refused when the CSMS asks for one',
    refs: { 'ocpp1.6': { section: 'Security whitepaper §2.5' }, 'ocpp2.0.1': { section: '2.0.1 A00.FR.4', octt: 'TC_A_08_CSMS' } },
    needs: ['tls', 'client-cert'],
    run: (ctx) => {
      const { cert: _cert, key: _key, ...rest } = ctx.settings.tls ?? {};
      return expectUpgradeRefused(ctx, { tls: rest }, 'no client certificate');
    },
  },
];
