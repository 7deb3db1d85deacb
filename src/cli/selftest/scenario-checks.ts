import { loadScenario } from '../../chargepoint/scenario/loader.js';
import type { Scenario, Step } from '../../chargepoint/scenario/types.js';
import { walkSteps } from '../../chargepoint/scenario/walk.js';
import { composeHooks } from '../../gateway/compose-hooks.js';
import type { GatewayHandler } from '../../gateway/hooks.js';
import { scriptedCallHooks } from '../../gateway/scripted-calls.js';
import type { Gateway } from '../../gateway/server.js';
import type { Payload } from '../../protocol/frame.js';
import type { FleetSnapshot } from '../../runner/fleet.js';
import { scriptedCallsOf } from '../embedded-gateway.js';
import { shippedScenarioFiles } from '../shipped-scenarios.js';
import { guarded, healthyRunProblems, seconds, stepChecks, verdict, type CheckResult } from './check.js';
import { auditProblems, FrameAudit, type AuditFigures } from './frame-audit.js';
import type { PowerFigures } from './power-follow.js';
import { SELFTEST_DEFAULTS, type SelftestContext } from './harness.js';
import { offlineAccomplished, offlineProblems } from './offline-checks.js';

/** Scenarios whose point is a central system that answers the first BootNotification Pending. */
const PENDING_FIRST = new Set(['boot-pending']);

/** The CALL by which the central system starts a transaction, per version, with a valid payload. */
const REMOTE_START: Record<string, (n: number) => [string, Payload]> = {
  RemoteStartTransaction: () => ['RemoteStartTransaction', { connectorId: 1, idTag: 'SELFTEST' }],
  RequestStartTransaction: (n) => ['RequestStartTransaction', { idToken: { idToken: 'SELFTEST', type: 'Central' }, remoteStartId: n, evseId: 1 }],
};

/** What a scenario does, read from its steps: what its run must show beyond booting cleanly. */
interface Traits {
  transactions: boolean;
  reconnects: boolean;
  /** The remote start action it awaits, if any. */
  remoteStart: string | undefined;
  /** It runs a periodic event stream (2.1 SENDs). */
  streams: boolean;
  /** It asks for a firmware update: every charge point must report Installed and reboot. */
  firmware: boolean;
  /** Its central system (`csms:`) sets charging profiles: the readings must show a lower power, the register following it. */
  limits: boolean;
  /** It goes offline: every charge point must queue transaction messages and flush them after booting again. */
  offline: boolean;
}

function traitsOf(scenario: Scenario): Traits {
  const { steps } = scenario;
  const limits = (scenario.csms ?? []).some((entry) => entry.action === 'SetChargingProfile');
  const traits: Traits = { transactions: false, reconnects: false, remoteStart: undefined, streams: false, firmware: false, limits, offline: false };
  walkSteps(steps, (step) => {
    if (step.type === 'startTransaction' || (step.type === 'call' && step.transaction === 'start')) traits.transactions = true;
    else if (step.type === 'reconnect' || step.type === 'disconnect') traits.reconnects = true;
    else if (step.type === 'periodicEventStream') traits.streams = true;
    else if (step.type === 'offline') traits.offline = true;
    else if (step.type === 'updateFirmware' || (step.type === 'requestCall' && step.action === 'UpdateFirmware')) traits.firmware = true;
    else if (step.type === 'await' && step.action in REMOTE_START) traits.remoteStart = step.action;
  });
  return traits;
}

/**
 * Whether what the scenario is about has happened for the whole fleet (every charge point booted,
 * and each of its traits shown as the check below counts it), so its run can end early.
 */
function accomplished(traits: Traits, pendingFirst: boolean, snap: FleetSnapshot, f: AuditFigures, power: PowerFigures, remoteStarts: number): boolean {
  const n = snap.count;
  return snap.everBooted === n
    && (!traits.transactions || (f.transactionsStarted >= n && f.transactionsEnded === f.transactionsStarted))
    && (!traits.remoteStart || remoteStarts >= n)
    && (!traits.streams || f.sends >= n)
    && (!traits.firmware || (f.firmwareInstalled >= n && f.firmwareReboots >= n))
    && (!traits.limits || power.limited >= n)
    && (!traits.offline || offlineAccomplished(snap, f))
    && (!traits.reconnects || snap.metrics.reconnects >= n)
    && (!pendingFirst || (snap.metrics.boots.Pending ?? 0) >= n);
}

/** A BootNotification answer that is Pending (retry in 1 s) the first time a charge point boots, Accepted after. */
function pendingFirstBoot(): GatewayHandler {
  const seen = new Set<string>();
  return (_payload, ctx) => {
    const first = !seen.has(ctx.chargePointId);
    seen.add(ctx.chargePointId);
    return { status: first ? 'Pending' : 'Accepted', currentTime: new Date().toISOString(), interval: first ? 1 : SELFTEST_DEFAULTS.heartbeatIntervalSec };
  };
}

/**
 * Runs one shipped scenario: its own plain ws gateway (validation on), a fleet for
 * `scenarioRunMs`, longer (up to `scenarioMaxRunMs`) until what the scenario is about has
 * happened, and checks that every charge point booted, nothing failed on either end,
 * every frame is schema-valid, and what the scenario is about happened (transactions begun
 * and ended, reconnects, Pending boots, remote starts accepted, firmware Installed and the
 * reboot that follows on every charge point, offline queues flushed with the original timestamps).
 */
export function checkScenario(ctx: SelftestContext, file: string, index: number): Promise<CheckResult> {
  const label = file.replace(/^.*\//, '').replace(/\.ya?ml$/, '');
  return guarded(`scenario ${label}`, async () => {
    const scenario: Scenario = await loadScenario(file);
    const name = `scenario ${scenario.name} (${scenario.protocol})`;
    const traits = traitsOf(scenario);
    const remoteStarts: Array<Promise<string | undefined>> = [];
    let gateway: Gateway | undefined;
    const audit = new FrameAudit((id, action) => {
      // The first Heartbeat comes once the scenario is past its `respond`/`await` set-up.
      if (action !== 'Heartbeat' || !traits.remoteStart || !gateway) return;
      const [remoteAction, payload] = (REMOTE_START[traits.remoteStart] as (n: number) => [string, Payload])(remoteStarts.length + 1);
      const target = gateway;
      remoteStarts.push(Promise.resolve().then(() => target.call(id, remoteAction, payload)).then(
        (answer) => (answer.status === 'Accepted' ? undefined : `${id} answered ${remoteAction} ${String(answer.status)}`),
        (error: Error) => `${id}: ${remoteAction} failed: ${error.message}`,
      ));
    });
    // The scenario's `csms:` calls, sent as the embedded gateway of `run` sends them; refusals are problems.
    const csms = { answered: 0, refused: [] as string[] };
    const scripted = scenario.csms ? scriptedCallHooks(scriptedCallsOf([scenario]), () => (id, action, payload) => (gateway as Gateway).call(id, action, payload), {
      answered: (id, action, answer) => {
        if (typeof answer.status === 'string' && !['Accepted', 'NoProfiles'].includes(answer.status)) csms.refused.push(`${id} answered ${action} ${answer.status}`);
        else csms.answered++;
      },
      failed: (id, action, error) => csms.refused.push(`${id}: ${action} failed: ${error.message}`),
    }) : undefined;
    gateway = await ctx.gateway({ ...composeHooks(audit.hooks(), scripted?.hooks), ...(PENDING_FIRST.has(scenario.name) ? { handlers: { BootNotification: pendingFirstBoot() } } : {}) });
    let result;
    try {
      const pendingFirst = PENDING_FIRST.has(scenario.name);
      result = await ctx.fleet(gateway.url, [scenario], {
        idPrefix: `S${index + 1}-`, durationMs: SELFTEST_DEFAULTS.scenarioMaxRunMs,
        until: {
          afterMs: SELFTEST_DEFAULTS.scenarioRunMs,
          // With `csms:`, also every entry answered once per charge point.
          done: (fleet) => accomplished(traits, pendingFirst, fleet.snapshot(false), audit.figures, audit.power.figures, remoteStarts.length)
            && csms.answered + csms.refused.length >= fleet.snapshot(false).count * (scenario.csms?.length ?? 0),
        },
      });
    } finally {
      scripted?.stop();
      await Promise.all(remoteStarts);
      await ctx.close(gateway);
    }
    const { fleet } = result;
    const f = audit.figures;
    const problems = [...healthyRunProblems(result), ...auditProblems(f)];
    const figures = [`${fleet.everBooted}/${fleet.count} booted${fleet.allBootedMs === undefined ? '' : ` in ${seconds(fleet.allBootedMs)}`}`, `${f.validated} messages schema-valid`];
    if (traits.transactions) {
      if (f.transactionsStarted < fleet.count) problems.push(`${f.transactionsStarted}/${fleet.count} transactions started`);
      if (f.transactionsEnded !== f.transactionsStarted) problems.push(`${f.transactionsEnded} of ${f.transactionsStarted} transactions ended`);
      figures.push(`${f.transactionsStarted} transactions started and ended`);
    }
    if (traits.remoteStart) {
      const refused = (await Promise.all(remoteStarts)).filter((reason): reason is string => reason !== undefined);
      if (remoteStarts.length < fleet.count) problems.push(`${remoteStarts.length}/${fleet.count} charge points got ${traits.remoteStart} (sent after their first Heartbeat)`);
      if (refused.length > 0) problems.push(`${refused.length} remote starts failed (${refused.slice(0, 3).join('; ')})`);
      figures.push(`${remoteStarts.length - refused.length} ${traits.remoteStart} accepted`);
    }
    if (scenario.csms) {
      const expected = fleet.count * scenario.csms.length;
      if (csms.answered < expected) problems.push(`${csms.answered} csms calls accepted, expected at least ${expected}`);
      if (csms.refused.length > 0) problems.push(`${csms.refused.length} csms calls refused (${csms.refused.slice(0, 3).join('; ')})`);
      figures.push(`${csms.answered} csms calls accepted`);
    }
    const power = audit.power.figures;
    if (power.strayed > 0) problems.push(`${power.strayed} pairs of readings whose energy register did not follow the power they reported (${power.straySamples.join('; ')})`);
    if (traits.limits) {
      if (power.limited < fleet.count) problems.push(`${power.limited}/${fleet.count} charge points read a lower power under their charging profile, twice in a row with the register following`);
      figures.push(`${power.limited} charging under a profile`);
    }
    if (power.followed > 0) figures.push(`energy following power in ${power.followed} reading pairs`);
    if (traits.streams) {
      if (f.sends < fleet.count) problems.push(`${f.sends} NotifyPeriodicEventStream SENDs, expected at least ${fleet.count}`);
      figures.push(`${f.sends} SENDs`);
    }
    if (traits.firmware) {
      if (f.firmwareInstalled < fleet.count) problems.push(`${f.firmwareInstalled}/${fleet.count} charge points reported firmware Installed`);
      if (f.firmwareReboots < fleet.count) problems.push(`${f.firmwareReboots}/${fleet.count} charge points rebooted after Installing`);
      figures.push(`${f.firmwareInstalled} firmware Installed, ${f.firmwareReboots} reboots (booted on ${f.rebootVersions.join(', ') || 'nothing'})`);
    }
    if (traits.offline) {
      const offline = offlineProblems(fleet, f);
      problems.push(...offline.problems);
      figures.push(offline.figures);
    }
    if (traits.reconnects) {
      if (fleet.metrics.reconnects < fleet.count) problems.push(`${fleet.metrics.reconnects} reconnects, expected at least ${fleet.count}`);
      figures.push(`${fleet.metrics.reconnects} reconnects`);
    }
    if (PENDING_FIRST.has(scenario.name)) {
      const pending = fleet.metrics.boots.Pending ?? 0;
      if (pending < fleet.count) problems.push(`${pending} Pending boot answers, expected ${fleet.count}`);
      figures.push(`${pending} Pending then Accepted`);
    }
    figures.push(`${stepChecks(fleet)} step checks`, '0 errors');
    return verdict(name, problems, figures.join(', '));
  });
}

/** One check per shipped scenario (every file `ocpp-sim scenarios` lists), all running at once, each on its own gateway and port. */
export async function scenarioChecks(ctx: SelftestContext): Promise<CheckResult[]> {
  return Promise.all(shippedScenarioFiles().map((file, i) => checkScenario(ctx, file, i)));
}
