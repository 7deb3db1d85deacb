import { join } from 'node:path';
import { loadScenario } from '../../chargepoint/scenario/loader.js';
import type { Scenario } from '../../chargepoint/scenario/types.js';
import type { GatewayOptions } from '../../gateway/options.js';
import type { RunResult } from '../../runner/run.js';
import { PACKAGE_ROOT } from '../package-root.js';
import { describeCounts, failed, guarded, healthyRunProblems, seconds, skipped, verdict, type CheckResult } from './check.js';
import { auditProblems, FrameAudit } from './frame-audit.js';
import { SELFTEST_DEFAULTS, type FleetRun, type SelftestContext } from './harness.js';
import { makeTestPki, OpensslMissing } from './test-pki.js';
import { chargePointId } from '../../runner/fleet.js';

/** 16–40 characters, as OCPP 2.0.1 BasicAuthPassword requires; ASCII, not hex, so it is used as text. */
const PASSWORD = 'selftest-password-42';
const WRONG_PASSWORD = 'selftest-password-43';

/** The default scenario in both versions: a mixed fleet, half OCPP 1.6 and half 2.0.1. */
async function bothVersions(): Promise<Scenario[]> {
  const dir = join(PACKAGE_ROOT, 'scenarios');
  return Promise.all([loadScenario(join(dir, 'boot-heartbeat-status.yaml')), loadScenario(join(dir, 'boot-heartbeat-status-201.yaml'))]);
}

/** Runs a fleet against its own gateway (closed afterwards) and returns what both ends saw. */
async function against(ctx: SelftestContext, gatewayOptions: GatewayOptions, scenarios: Scenario[], run: FleetRun): Promise<{ result: RunResult; audit: FrameAudit }> {
  const audit = new FrameAudit();
  const gateway = await ctx.gateway({ ...audit.hooks(), ...gatewayOptions });
  try {
    return { result: await ctx.fleet(gateway.url, scenarios, run), audit };
  } finally {
    await ctx.close(gateway);
  }
}

/** A fleet that should boot: every charge point booted cleanly, every frame valid (it runs on until all have booted). */
async function boots(ctx: SelftestContext, name: string, gatewayOptions: GatewayOptions, run: Omit<FleetRun, 'durationMs'>): Promise<CheckResult> {
  return guarded(name, async () => {
    const { result, audit } = await against(ctx, gatewayOptions, await bothVersions(), {
      ...run, durationMs: SELFTEST_DEFAULTS.securityMaxRunMs,
      until: { afterMs: SELFTEST_DEFAULTS.securityRunMs, done: (f) => { const snap = f.snapshot(false); return snap.everBooted === snap.count; } },
    });
    const { fleet } = result;
    return verdict(name, [...healthyRunProblems(result), ...auditProblems(audit.figures)],
      `${fleet.everBooted}/${fleet.count} booted over ocpp1.6 and ocpp2.0.1, ${audit.figures.validated} messages schema-valid, 0 errors`);
  });
}

/**
 * A fleet that should be refused before the WebSocket opens: nothing connected or booted at
 * either end, every error a connect error (labelled `label` when given), and with a fatal
 * refusal (401) no charge point retried.
 */
async function refused(ctx: SelftestContext, name: string, gatewayOptions: GatewayOptions, run: Omit<FleetRun, 'durationMs'>,
  expect: { label?: string; fatal: boolean }): Promise<CheckResult> {
  return guarded(name, async () => {
    const { result, audit } = await against(ctx, gatewayOptions, await bothVersions(), { ...run, durationMs: SELFTEST_DEFAULTS.refusedRunMs });
    const { fleet } = result;
    const { errors, connectFailures } = fleet.metrics;
    const problems: string[] = [];
    if (fleet.everConnected > 0 || audit.figures.connects > 0) problems.push(`${Math.max(fleet.everConnected, audit.figures.connects)} charge points connected`);
    if (fleet.everBooted > 0) problems.push(`${fleet.everBooted} booted`);
    if (connectFailures === 0) problems.push('no connect failure recorded');
    const unexpected = Object.keys(errors).filter((kind) => (expect.label ? kind !== `connect:${expect.label}` : !kind.startsWith('connect:')));
    if (unexpected.length > 0) problems.push(`errors ${describeCounts(errors)}, expected only ${expect.label ? `connect:${expect.label}` : 'connect errors'}`);
    if (expect.fatal && connectFailures > fleet.count) problems.push(`${connectFailures} attempts by ${fleet.count} charge points: a fatal refusal was retried`);
    const kinds = Object.entries(errors).map(([kind, n]) => `${kind} ${n}`).join(', ');
    return verdict(name, problems, `${connectFailures} attempts refused (${kinds}), 0 connected, ended in ${seconds(result.elapsedMs)}`);
  });
}

/** Security profile 1 on plain ws: the right Basic password boots, a wrong or missing one gets 401 and no retry. */
export async function authChecks(ctx: SelftestContext): Promise<CheckResult[]> {
  const auth = { auth: { password: PASSWORD } };
  return [
    await boots(ctx, 'auth: Basic auth with the right password boots (profile 1)', auth, { idPrefix: 'AUTH-OK-', auth: { password: PASSWORD } }),
    await refused(ctx, 'auth: a wrong password is refused with 401, no retry', auth, { idPrefix: 'AUTH-BAD-', auth: { password: WRONG_PASSWORD } },
      { label: 'http-401', fatal: true }),
    await refused(ctx, 'auth: no password is refused with 401, no retry', auth, { idPrefix: 'AUTH-NONE-' }, { label: 'http-401', fatal: true }),
  ];
}

/** Charge points of the profile 3 fleet: each presents its own certificate, CN = its id. */
const MTLS_PREFIX = 'MTLS-OK-';

/**
 * TLS with a throwaway CA: wss with the CA trusted and Basic auth boots (profile 2), an
 * untrusted server certificate is refused; mutual TLS boots a fleet presenting one certificate
 * per charge point, CN = its id (profile 3), refuses a client without one, and refuses with 403
 * a certificate whose CN is another id (OCPP 2.0.1 A00.FR.405). Skipped when openssl is missing.
 */
export async function tlsChecks(ctx: SelftestContext): Promise<CheckResult[]> {
  let pki;
  const ids = Array.from({ length: SELFTEST_DEFAULTS.count }, (_, i) => chargePointId(MTLS_PREFIX, i, SELFTEST_DEFAULTS.count));
  try {
    pki = await makeTestPki(ids);
  } catch (error) {
    if (error instanceof OpensslMissing) return [skipped('tls', 'openssl not found')];
    return [failed('tls: make a test CA and certificates', (error as Error).message)];
  }
  const tls = { tls: { cert: pki.serverCert, key: pki.serverKey } };
  const mtls = { tls: { cert: pki.serverCert, key: pki.serverKey, ca: pki.ca } };
  try {
    return [
      await boots(ctx, 'tls: wss with the CA trusted and Basic auth boots (profile 2)', { ...tls, auth: { password: PASSWORD } },
        { idPrefix: 'TLS-OK-', tls: { ca: pki.ca }, auth: { password: PASSWORD } }),
      await refused(ctx, 'tls: a server certificate from an untrusted CA is refused', tls, { idPrefix: 'TLS-UNTRUSTED-' }, { fatal: false }),
      await boots(ctx, 'mtls: one certificate per charge point, CN = its id, boots (profile 3)', mtls,
        { idPrefix: MTLS_PREFIX, tls: { ca: pki.ca, clientCertificates: pki.clientCertificates } }),
      await refused(ctx, 'mtls: a client without a certificate is refused', mtls, { idPrefix: 'MTLS-NONE-', tls: { ca: pki.ca } }, { fatal: false }),
      await refused(ctx, 'mtls: a certificate whose CN is another id is refused with 403, no retry', mtls,
        { idPrefix: 'MTLS-CN-', tls: { ca: pki.ca, cert: pki.clientCert, key: pki.clientKey } }, { label: 'http-403', fatal: true }),
    ];
  } finally {
    await pki.remove();
  }
}
