import type { Condition, ConnectorRef, Step } from './types.js';
import { checkPayload, checkTemplates } from './check-payload.js';
import { parseCondition } from './conditions.js';
import { actionOf, allow, connectorOf, durationOf, onFailOf, pathChecker, saveOf, withDefined, type ParseCtx, type Scope, type StepParser } from './parse-support.js';
import { schemaOf, type SchemaAt } from './schemas.js';
import type { Src } from './yaml-source.js';

/** An `expect` or `match`: paths the message's schema has, values whose templates are valid here. */
function conditionOf(src: Src | undefined, what: string, schema: SchemaAt | undefined, ctx: ParseCtx, scope: Scope): Condition | undefined {
  if (src === undefined) return undefined;
  const checkPath = pathChecker(schema, what, ctx);
  return parseCondition(src, what, ctx.problems, (path, value, pos) => {
    checkPath(path, value, pos);
    checkTemplates(value, ctx, scope);
  });
}

const addVars = (scope: Scope, save: Readonly<Record<string, string>> | undefined): void => {
  for (const name of Object.keys(save ?? {})) scope.vars.add(name);
};

function parseCall(args: Src, line: number, ctx: ParseCtx, scope: Scope): Step | undefined {
  if (!allow(args, 'call', ['action', 'payload', 'expect', 'save', 'connector', 'transaction', 'onFail'], ctx)) return undefined;
  const action = actionOf(args.get('action'), 'call', ctx, args);
  const connectorSrc = args.get('connector');
  const connector = connectorSrc ? connectorOf(connectorSrc, 'call.connector', ctx) as ConnectorRef | undefined : undefined;
  const transactionSrc = args.get('transaction');
  if (transactionSrc && transactionSrc.value !== 'start' && transactionSrc.value !== 'stop') {
    ctx.problems.add(transactionSrc.pos(), `call.transaction must be 'start' or 'stop' (got ${JSON.stringify(transactionSrc.value)})`);
  }
  const onFail = onFailOf(args, ctx);
  if (action === undefined) return undefined;
  const response = schemaOf(ctx.protocol, action, 'conf');
  const payload = checkPayload(args.get('payload'), args, action, 'req', 'call', ctx, scope);
  const expect = conditionOf(args.get('expect'), 'call.expect', response, ctx, scope);
  const save = saveOf(args.get('save'), 'call', response, ctx);
  addVars(scope, save);
  if (payload === undefined) return undefined;
  const transaction = transactionSrc?.value === 'start' || transactionSrc?.value === 'stop' ? transactionSrc.value : undefined;
  return withDefined({ type: 'call', line, action, payload }, { expect, save, connector, transaction, onFail });
}

function parseAwait(args: Src, line: number, ctx: ParseCtx, scope: Scope): Step | undefined {
  const opts = typeof args.value === 'string' ? args.derive({ action: args.value }) : args;
  if (!allow(opts, 'await', ['action', 'match', 'timeout', 'save', 'onFail'], ctx)) return undefined;
  const action = actionOf(typeof args.value === 'string' ? args : opts.get('action'), 'await', ctx, opts);
  const timeoutSrc = opts.get('timeout');
  const timeoutMs = timeoutSrc ? durationOf(timeoutSrc, 'await.timeout', ctx) : undefined;
  const onFail = onFailOf(opts, ctx);
  if (action === undefined) return undefined;
  const request = schemaOf(ctx.protocol, action, 'req');
  const match = conditionOf(opts.get('match'), 'await.match', request, ctx, scope);
  const save = saveOf(opts.get('save'), 'await', request, ctx);
  addVars(scope, save);
  return withDefined({ type: 'await', line, action }, { match, timeoutMs, save, onFail });
}

function parseRespond(args: Src, line: number, ctx: ParseCtx, scope: Scope): Step | undefined {
  if (!allow(args, 'respond', ['action', 'payload'], ctx)) return undefined;
  const action = actionOf(args.get('action'), 'respond', ctx, args);
  if (action === undefined) return undefined;
  const payload = checkPayload(args.get('payload'), args, action, 'conf', 'respond', ctx, scope);
  return payload === undefined ? undefined : { type: 'respond', line, action, payload };
}

/** Parsers of the steps that carry OCPP messages written in the file: call, await, respond. */
export const MESSAGE_STEPS: Readonly<Record<string, StepParser>> = {
  call: parseCall,
  await: parseAwait,
  respond: parseRespond,
};
