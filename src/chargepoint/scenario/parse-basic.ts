import type { ConnectorRef, Step } from './types.js';
import { checkTemplates } from './check-payload.js';
import { allow, connectorOf, durationOf, onFailOf, withDefined, type ParseCtx, type Scope, type StepParser } from './parse-support.js';
import { hasTemplate } from './templates.js';
import type { Src } from './yaml-source.js';

/** Connector statuses in OCPP 1.6 terms; a profile of another version maps them to its own. */
const CONNECTOR_STATUSES = ['Available', 'Preparing', 'Charging', 'SuspendedEVSE', 'SuspendedEV', 'Finishing', 'Reserved', 'Unavailable', 'Faulted'];
/** Why a transaction stops, in OCPP 1.6 terms (§7.38). */
const STOP_REASONS = ['EmergencyStop', 'EVDisconnected', 'HardReset', 'Local', 'Other', 'PowerLoss', 'Reboot', 'Remote', 'SoftReset', 'UnlockCommand', 'DeAuthorized'];
/** Reading contexts, the same words in 1.6 (§7.27) and 2.0.1. */
const READING_CONTEXTS = ['Interruption.Begin', 'Interruption.End', 'Other', 'Sample.Clock', 'Sample.Periodic', 'Transaction.Begin', 'Transaction.End', 'Trigger'];

function oneOf(args: Src, key: string, choices: readonly string[], fallback: string, type: string, ctx: ParseCtx): string {
  const src = args.get(key);
  if (src === undefined) return fallback;
  if (typeof src.value === 'string' && choices.includes(src.value)) return src.value;
  ctx.problems.add(src.pos(), `${type}.${key} must be one of ${choices.join(', ')} (got ${JSON.stringify(src.value)})`);
  return fallback;
}

const stepConnector = (args: Src, type: string, ctx: ParseCtx): ConnectorRef =>
  (connectorOf(args.get('connector'), `${type}.connector`, ctx) ?? 'current') as ConnectorRef;

const noOptions = (type: 'boot' | 'heartbeat'): StepParser => (args, line, ctx) => (allow(args, type, [], ctx) ? { type, line } : undefined);

/** A link step: not inside `parallel`, where the other branches could not follow it to the new connection. */
const linkStep = (type: 'disconnect' | 'reconnect'): StepParser => (args, line, ctx, scope, step) => {
  if (!allow(args, type, [], ctx)) return undefined;
  if (scope.inParallel) {
    ctx.problems.add(step.pos(), `'${type}' cannot stand inside 'parallel': it ends the connection every branch runs on`);
    return undefined;
  }
  return { type, line };
};

function parseWait(args: Src, line: number, ctx: ParseCtx): Step | undefined {
  if (!args.isMap) {
    const ms = durationOf(args, 'wait', ctx);
    return ms === undefined ? undefined : { type: 'wait', line, ms };
  }
  if (!allow(args, 'wait', ['duration', 'min', 'max'], ctx)) return undefined;
  const duration = args.get('duration');
  const min = args.get('min');
  const max = args.get('max');
  if (duration && (min || max)) {
    ctx.problems.add(args.pos(), "wait takes either 'duration' or 'min' and 'max', not both");
    return undefined;
  }
  if (min || max) {
    if (!min || !max) {
      ctx.problems.add(args.pos(), "a random wait needs both 'min' and 'max', e.g. wait: { min: 1s, max: 5s }");
      return undefined;
    }
    const lo = durationOf(min, 'wait.min', ctx);
    const hi = durationOf(max, 'wait.max', ctx);
    if (lo === undefined || hi === undefined) return undefined;
    if (lo > hi) {
      ctx.problems.add(min.pos(), 'wait.min must not be longer than wait.max');
      return undefined;
    }
    return { type: 'wait', line, ms: lo, maxMs: hi };
  }
  if (!duration) {
    ctx.problems.add(args.pos(), "wait.duration must be a duration such as '5s' (wait: 5s, wait: { duration: 5s } or wait: { min: 1s, max: 5s })");
    return undefined;
  }
  const ms = durationOf(duration, 'wait.duration', ctx);
  return ms === undefined ? undefined : { type: 'wait', line, ms };
}

function parseStatus(args: Src, line: number, ctx: ParseCtx): Step | undefined {
  if (!allow(args, 'statusNotification', ['connector', 'status', 'errorCode', 'onFail'], ctx)) return undefined;
  const connectorSrc = args.get('connector');
  const connector = connectorSrc ? connectorOf(connectorSrc, 'statusNotification.connector', ctx, { all: true, zero: true }) : 'all';
  const status = oneOf(args, 'status', CONNECTOR_STATUSES, 'Available', 'statusNotification', ctx);
  const errorCodeSrc = args.get('errorCode');
  if (errorCodeSrc && typeof errorCodeSrc.value !== 'string') ctx.problems.add(errorCodeSrc.pos(), 'statusNotification.errorCode must be a string');
  if (connector === undefined) return undefined;
  const errorCode = typeof errorCodeSrc?.value === 'string' ? errorCodeSrc.value : 'NoError';
  return withDefined({ type: 'statusNotification', line, connector, status, errorCode }, { onFail: onFailOf(args, ctx) });
}

function parseStartTransaction(args: Src, line: number, ctx: ParseCtx, scope: Scope): Step | undefined {
  if (!allow(args, 'startTransaction', ['connector', 'idTag', 'onFail'], ctx)) return undefined;
  const idTagSrc = args.get('idTag');
  let idTag = '{{random.idTag}}';
  if (idTagSrc) {
    if (typeof idTagSrc.value !== 'string' || idTagSrc.value.length === 0) ctx.problems.add(idTagSrc.pos(), 'startTransaction.idTag must be a string');
    else if (!hasTemplate(idTagSrc.value) && idTagSrc.value.length > 20) ctx.problems.add(idTagSrc.pos(), 'startTransaction.idTag must be at most 20 characters');
    else {
      checkTemplates(idTagSrc, ctx, scope);
      idTag = idTagSrc.value;
    }
  }
  return withDefined({ type: 'startTransaction', line, connector: stepConnector(args, 'startTransaction', ctx), idTag }, { onFail: onFailOf(args, ctx) });
}

function parseStopTransaction(args: Src, line: number, ctx: ParseCtx): Step | undefined {
  if (!allow(args, 'stopTransaction', ['connector', 'reason', 'onFail'], ctx)) return undefined;
  const reason = oneOf(args, 'reason', STOP_REASONS, 'Local', 'stopTransaction', ctx);
  return withDefined({ type: 'stopTransaction', line, connector: stepConnector(args, 'stopTransaction', ctx), reason }, { onFail: onFailOf(args, ctx) });
}

function parseMeterValues(args: Src, line: number, ctx: ParseCtx): Step | undefined {
  if (!allow(args, 'meterValues', ['connector', 'context', 'onFail'], ctx)) return undefined;
  const context = oneOf(args, 'context', READING_CONTEXTS, 'Sample.Periodic', 'meterValues', ctx);
  return withDefined({ type: 'meterValues', line, connector: stepConnector(args, 'meterValues', ctx), context }, { onFail: onFailOf(args, ctx) });
}

function parseSet(args: Src, line: number, ctx: ParseCtx, scope: Scope): Step | undefined {
  if (!args.isMap || args.keys().length === 0) {
    ctx.problems.add(args.pos(), 'set must be a mapping of variable names to values, e.g. set: { tag: "{{random.idTag}}" }');
    return undefined;
  }
  const values: Record<string, unknown> = {};
  for (const name of args.keys()) {
    const value = args.get(name) as Src;
    if (!/^[A-Za-z_]\w*$/.test(name)) ctx.problems.add(args.keyPos(name), `set: '${name}' is not a variable name (letters, digits, _)`);
    checkTemplates(value, ctx, scope);
    values[name] = value.value;
  }
  for (const name of Object.keys(values)) scope.vars.add(name);
  return { type: 'set', line, values };
}

/** Parsers of the steps that stand alone: boot, statuses, heartbeat, waits, the link, transactions through the protocol profile. */
export const BASIC_STEPS: Readonly<Record<string, StepParser>> = {
  boot: noOptions('boot'),
  heartbeat: noOptions('heartbeat'),
  statusNotification: parseStatus,
  wait: parseWait,
  disconnect: linkStep('disconnect'),
  reconnect: linkStep('reconnect'),
  startTransaction: parseStartTransaction,
  stopTransaction: parseStopTransaction,
  meterValues: parseMeterValues,
  set: parseSet,
};
