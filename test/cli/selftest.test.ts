import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { EXIT } from '../../src/cli/exit-codes.js';
import { FrameAudit, auditProblems } from '../../src/cli/selftest/frame-audit.js';
import { SelftestContext } from '../../src/cli/selftest/harness.js';
import { checkScenario } from '../../src/cli/selftest/scenario-checks.js';
import type { GatewayOptions } from '../../src/gateway/options.js';
import type { Gateway } from '../../src/gateway/server.js';
import { runCli } from '../helpers/cli-run.js';
import { repoRoot } from '../helpers/repo-root.js';

// `ocpp-sim selftest`: the embedded gateway against fleets in-process, one line per check,
// exit 0 when all passed; and the pieces that make a broken product fail it.

const shipped = readdirSync(join(repoRoot(), 'scenarios')).filter((name) => name.endsWith('.yaml')).map((name) => name.replace(/\.yaml$/, ''));

test('selftest passes every check in under a minute and says so on its last line', async () => {
  const run = await runCli(['selftest'], { cwd: repoRoot(), ms: 60_000 });
  const lines = run.stdout().trimEnd().split('\n');
  assert.equal(run.code, EXIT.OK, run.stdout() + run.stderr());
  assert.equal(run.stderr(), '');
  assert.match(lines.at(-1) as string, /^selftest passed \(\d+ checks(, 1 skipped)?\) in \d+\.\ds$/);
  assert.deepEqual(lines.filter((line) => line.startsWith('✗')), []);
  for (const name of shipped) assert.ok(lines.some((line) => line.startsWith(`✓ scenario ${name} (`)), `a passed line for ${name} in:\n${run.stdout()}`);
  for (const name of ['smart-charging', 'smart-charging-201']) {
    const line = lines.find((l) => l.startsWith(`✓ scenario ${name} (`)) ?? '';
    assert.match(line, /, 10 charging under a profile, energy following power in \d+ reading pairs,/, `${name}: its readings show the profile in:\n${run.stdout()}`);
  }
  assert.ok(lines.some((line) => line.startsWith('✓ auth: a wrong password is refused with 401')), run.stdout());
  assert.ok(lines.some((line) => line.startsWith('✓ mtls: ') || line === '- tls  skipped: openssl not found'), run.stdout());
  for (const check of ['api: calls without the API token are refused with 401', 'api: a cross-site POST and a DNS-rebinding Host are refused',
    'ids: malformed charge point ids are refused with 400 before the upgrade']) {
    assert.ok(lines.some((line) => line.startsWith(`✓ ${check}`)), `${check} in:\n${run.stdout()}`);
  }
  for (const name of ['firmware-rollout', 'firmware-rollout-201']) {
    // Both waves of 5 (15 s apart) updated: Installed and the reboot onto 2.0.0 on every charge point.
    assert.ok(lines.some((line) => line.startsWith(`✓ scenario ${name} (`) && line.includes('10 firmware Installed, 10 reboots (booted on 2.0.0)')), `${name}'s firmware figures in:\n${run.stdout()}`);
  }
  for (const name of ['offline-transactions', 'offline-transactions-201']) {
    // Every charge point kept its transaction messages through the 20 s cut and flushed them all after booting again.
    const line = lines.find((l) => l.startsWith(`✓ scenario ${name} (`)) ?? '';
    const figures = /(\d+) messages queued offline, (\d+) flushed in order by 10 charge points \((\d+) with their original timestamps(?:, (\d+) offline: true)?\), 0 dropped/.exec(line);
    assert.ok(figures, `${name}'s offline queue figures in:\n${run.stdout()}`);
    const [, queued, flushed, late, offline] = figures.map(Number);
    assert.ok((queued as number) >= 10 && flushed === queued && late === flushed, line);
    if (name.endsWith('-201')) assert.equal(offline, flushed, line);
  }
  assert.ok(lines.some((line) => line.startsWith('✓ mtls: a certificate whose CN is another id is refused with 403') || line === '- tls  skipped: openssl not found'), run.stdout());
  assert.ok(run.elapsedMs < 60_000);
});

test('a gateway that answers CALLERRORs fails the scenario check with the error kinds', async () => {
  // The same check against a gateway with injected faults: it must fail, not pass quietly.
  class FaultyContext extends SelftestContext {
    override gateway(options: GatewayOptions): Promise<Gateway> {
      return super.gateway({ ...options, callErrorRatio: 0.5 });
    }
  }
  const ctx = new FaultyContext(new AbortController().signal);
  try {
    const result = await checkScenario(ctx, join(repoRoot(), 'scenarios', 'boot-heartbeat-status.yaml'), 0);
    assert.equal(result.status, 'failed');
    assert.match(result.detail, /callerror:InternalError/);
    assert.match(result.detail, /CALLERRORs \(.*got InternalError/);
  } finally {
    await ctx.closeAll();
  }
});

test('the frame audit counts charge points that report Installed and those that boot again after Installing, with the version booted', () => {
  const audit = new FrameAudit();
  const { onConnect, onMessage } = audit.hooks();
  let n = 0;
  const call = (chargePointId: string, action: string, payload: Record<string, unknown>): void => onMessage?.({ chargePointId, direction: 'in', text: JSON.stringify([2, String(++n), action, payload]) });
  const boot16 = (id: string, firmwareVersion: string): void => call(id, 'BootNotification', { chargePointVendor: 'v', chargePointModel: 'm', firmwareVersion });
  const fsn = (id: string, ...statuses: string[]): void => { for (const status of statuses) call(id, 'FirmwareStatusNotification', { status }); };
  for (const id of ['A', 'B', 'C']) onConnect?.({ chargePointId: id, protocol: 'ocpp1.6', remoteAddress: '127.0.0.1:1' });
  onConnect?.({ chargePointId: 'D', protocol: 'ocpp2.0.1', remoteAddress: '127.0.0.1:2' });
  const table: Array<[string, () => void, { installed: number; reboots: number; versions: string[] }]> = [
    ['a first boot is no reboot', () => { boot16('A', '1.0.0'); boot16('B', '1.0.0'); }, { installed: 0, reboots: 0, versions: [] }],
    ['1.6: Installing, Installed, then the boot', () => { fsn('A', 'Downloading', 'Downloaded', 'Installing', 'Installed'); boot16('A', '2.0.0'); }, { installed: 1, reboots: 1, versions: ['2.0.0'] }],
    ['a boot after a failed download is no firmware reboot', () => { fsn('B', 'Downloading', 'DownloadFailed'); boot16('B', '1.0.0'); }, { installed: 1, reboots: 1, versions: ['2.0.0'] }],
    ['InstallationFailed without a boot counts neither', () => { fsn('C', 'Downloading', 'Downloaded', 'Installing', 'InstallationFailed'); }, { installed: 1, reboots: 1, versions: ['2.0.0'] }],
    ['2.0.1: InstallRebooting, the boot, then Installed', () => {
      fsn('D', 'Downloading', 'Downloaded', 'Installing', 'InstallRebooting');
      call('D', 'BootNotification', { reason: 'FirmwareUpdate', chargingStation: { model: 'm', vendorName: 'v', firmwareVersion: '3.0.0' } });
      fsn('D', 'Installed');
    }, { installed: 2, reboots: 2, versions: ['2.0.0', '3.0.0'] }],
    ['a charge point counts once', () => { fsn('A', 'Installing', 'Installed'); boot16('A', '2.0.0'); }, { installed: 2, reboots: 2, versions: ['2.0.0', '3.0.0'] }],
  ];
  for (const [label, frames, expected] of table) {
    frames();
    const f = audit.figures;
    assert.deepEqual({ installed: f.firmwareInstalled, reboots: f.firmwareReboots, versions: f.rebootVersions }, expected, label);
  }
  assert.equal(audit.figures.invalid, 0, audit.figures.invalidSamples.join('; '));
});

test('the self-test context lets every fleet listen to the interrupt signal without a MaxListenersExceededWarning', async () => {
  const warnings: string[] = [];
  const onWarning = (warning: Error): void => { warnings.push(warning.name); };
  process.on('warning', onWarning);
  const controller = new AbortController();
  const ctx = new SelftestContext(controller.signal);
  try {
    const listeners = Array.from({ length: 40 }, () => () => {});
    for (const listener of listeners) ctx.signal.addEventListener('abort', listener);
    await new Promise((resolve) => setTimeout(resolve, 50));
    assert.deepEqual(warnings, []);
    for (const listener of listeners) ctx.signal.removeEventListener('abort', listener);
  } finally {
    process.off('warning', onWarning);
    await ctx.closeAll();
  }
});

test('the frame audit flags a payload that breaks its schema and counts transactions of both versions', () => {
  const audit = new FrameAudit();
  const { onConnect, onMessage } = audit.hooks();
  onConnect?.({ chargePointId: 'A', protocol: 'ocpp1.6', remoteAddress: '127.0.0.1:1' });
  onConnect?.({ chargePointId: 'B', protocol: 'ocpp2.0.1', remoteAddress: '127.0.0.1:2' });
  const frame = (chargePointId: string, direction: 'in' | 'out', value: unknown): void => onMessage?.({ chargePointId, direction, text: JSON.stringify(value) });
  frame('A', 'in', [2, '1', 'StartTransaction', { connectorId: 1, idTag: 'T', meterStart: 0, timestamp: new Date().toISOString() }]);
  frame('A', 'out', [3, '1', { transactionId: 7, idTagInfo: { status: 'Accepted' } }]);
  frame('A', 'in', [2, '2', 'StopTransaction', { transactionId: 7, meterStop: 'lots', timestamp: new Date().toISOString() }]);
  frame('B', 'in', [2, '1', 'TransactionEvent', {
    eventType: 'Started', timestamp: new Date().toISOString(), triggerReason: 'Authorized', seqNo: 0, transactionInfo: { transactionId: 'tx-1' },
  }]);
  frame('B', 'out', [4, '1', 'InternalError', 'injected fault', {}]);
  assert.equal(audit.figures.transactionsStarted, 2);
  assert.equal(audit.figures.transactionsEnded, 1);
  assert.equal(audit.figures.validated, 4);
  assert.equal(audit.figures.invalid, 1);
  const problems = auditProblems(audit.figures);
  assert.equal(problems.length, 2);
  assert.match(problems[0] as string, /^1 of 4 messages failed their schema \(A in: StopTransaction\.req \/meterStop/);
  assert.match(problems[1] as string, /^1 CALLERRORs \(B got InternalError: injected fault\)$/);
});
