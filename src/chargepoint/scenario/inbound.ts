import { OcppError } from '../../protocol/errors.js';
import type { Payload } from '../../protocol/frame.js';
import type { Handler, HandlerTable } from '../../protocol/rpc-session.js';
import { validatorFor } from '../../protocol/validator.js';
import type { ChargePoint } from '../charge-point.js';
import type { ProtocolProfile } from '../protocol-profile.js';
import type { Scenario } from './types.js';
import { walkSteps } from './walk.js';
import { peekScript, renderPayload, type Script } from './runtime.js';

/** Most CALLs kept per connection for a later `await`; older ones are dropped first. */
const INBOX_LIMIT = 32;

interface Watched {
  /** Actions some `await` step waits for: only those are kept for later. */
  awaited: ReadonlySet<string>;
  /** Those and the actions device steps ask the central system for (`requestCall`, `updateFirmware`, `reserve`), which they watch arrive. */
  offered: ReadonlySet<string>;
}

const watchedByScenario = new WeakMap<Scenario, Watched>();

/** The inbound actions the scenario's steps look at. */
function watchedActions(scenario: Scenario): Watched {
  let watched = watchedByScenario.get(scenario);
  if (!watched) {
    const awaited = new Set<string>();
    const offered = new Set<string>();
    walkSteps(scenario.steps, (step) => {
      if (step.type === 'await') awaited.add(step.action);
      else if (step.type === 'requestCall') offered.add(step.action);
      else if (step.type === 'updateFirmware') offered.add('UpdateFirmware');
      else if (step.type === 'reserve') offered.add('ReserveNow');
    });
    for (const action of awaited) offered.add(action);
    watchedByScenario.set(scenario, watched = { awaited, offered });
  }
  return watched;
}

/** Hands an inbound CALL to the first await that takes it (watchers look on), or keeps it for a later await. */
function deliver(cp: ChargePoint, script: Script, action: string, payload: Payload): void {
  const { awaited, offered } = watchedActions(cp.scenario);
  if (!offered.has(action)) return;
  if (script.awaiters) for (const awaiter of script.awaiters) if (awaiter.offer({ action, payload })) return;
  if (!awaited.has(action)) return;
  const inbox = (script.inbox ??= []);
  if (inbox.length >= INBOX_LIMIT) inbox.shift();
  inbox.push({ action, payload });
}

const tables = new WeakMap<ProtocolProfile, HandlerTable<ChargePoint>>();

/**
 * The handler table a charge point's session uses: the profile's handlers, seen by `await`
 * steps first and overridden by `respond` steps. It covers every action of the version, so a
 * `respond` can answer one the profile does not handle; without an override such an action
 * still gets NotSupported. One table per profile, shared by every charge point.
 */
export function scenarioHandlers(profile: ProtocolProfile): HandlerTable<ChargePoint> {
  let table = tables.get(profile);
  if (table) return table;
  const actions = new Set([...Object.keys(profile.handlers), ...validatorFor(profile.version).actions]);
  const entries = [...actions].map((action): [string, Handler<ChargePoint>] => [action, (payload, ctx) => {
    const cp = ctx.owner;
    const script = peekScript(cp);
    if (script) deliver(cp, script, action, payload);
    const override = script?.run?.responds?.get(action);
    if (override) {
      try {
        return renderPayload({ run: script?.run as NonNullable<Script['run']>, connector: override.connector, response: undefined }, action, 'conf', override.payload);
      } catch (error) {
        throw new OcppError('InternalError', `scenario response to ${action}: ${(error as Error).message}`);
      }
    }
    const base = Object.hasOwn(profile.handlers, action) ? profile.handlers[action] : undefined;
    if (!base) throw new OcppError('NotSupported', `${action} is not supported`);
    return base(payload, ctx);
  }]);
  table = Object.freeze(Object.fromEntries(entries));
  tables.set(profile, table);
  return table;
}
