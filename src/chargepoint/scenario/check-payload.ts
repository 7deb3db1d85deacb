import type { Payload } from '../../protocol/frame.js';
import { validatorFor } from '../../protocol/validator.js';
import { checkExpr, sampleOf } from './expressions.js';
import type { ParseCtx, Scope } from './parse-support.js';
import { schemaOf } from './schemas.js';
import { hasTemplate, parseTemplate, renderTree } from './templates.js';
import type { Src } from './yaml-source.js';

/**
 * Checks every template in the strings of `src`: syntax, known expressions, and variables
 * saved before this place. Each problem names the string it stands in.
 */
export function checkTemplates(src: Src, ctx: ParseCtx, scope: Scope): void {
  const value = src.value;
  if (typeof value === 'string') {
    if (!hasTemplate(value) && !value.includes('}}')) return;
    const parts = parseTemplate(value);
    if (typeof parts === 'string') {
      ctx.problems.add(src.pos(), parts);
      return;
    }
    for (const part of parts) {
      if (typeof part === 'string') continue;
      const problem = checkExpr(part, { vars: scope.vars, connectors: ctx.profile.connectors, ...ctx.outer });
      if (problem) ctx.problems.add(src.pos(), problem);
      else if (part.name.startsWith('env.') && ctx.outer.env) ctx.envUsed.set(part.name.slice(4), ctx.outer.env[part.name.slice(4)] as string);
    }
    return;
  }
  if (src.isList) for (const item of src.items()) checkTemplates(item, ctx, scope);
  else if (src.isMap) for (const key of src.keys()) checkTemplates(src.get(key) as Src, ctx, scope);
}

/** The Src of the field at a JSON pointer such as `/meterValue/0/value`, as deep as the file goes. */
function srcAtPointer(src: Src, pointer: string | undefined): Src {
  let here = src;
  for (const key of (pointer ?? '').split('/').filter(Boolean)) {
    const next = here.isList ? here.items()[Number(key)] : here.get(key);
    if (!next) break;
    here = next;
  }
  return here;
}

/**
 * Checks a payload written in a file against the schema of `action` in `direction`, with every
 * template replaced by a sample of the type its place wants (variables by a valid value, since
 * their type is only known at run time). A violation is reported at the offending field; a
 * missing payload counts as `{}` and is reported at `owner`. Returns the payload as written.
 */
export function checkPayload(src: Src | undefined, owner: Src, action: string, direction: 'req' | 'conf', what: string, ctx: ParseCtx, scope: Scope): Payload | undefined {
  const payload = src?.value ?? {};
  if (typeof payload !== 'object' || payload === null || Array.isArray(payload)) {
    ctx.problems.add((src ?? owner).pos(), `${what}.payload must be a mapping`);
    return undefined;
  }
  if (src) checkTemplates(src, ctx, scope);
  let sample: unknown;
  try {
    sample = renderTree(payload, sampleOf, schemaOf(ctx.protocol, action, direction));
  } catch {
    return payload as Payload; // a template that does not parse: reported by checkTemplates
  }
  try {
    validatorFor(ctx.protocol).validate(action, direction, sample as Payload);
  } catch (error) {
    const details = (error as { details?: { path?: string; params?: Record<string, unknown> } }).details;
    const at = src ? srcAtPointer(src, details?.path) : owner;
    const extra = details?.params?.additionalProperty;
    const pos = typeof extra === 'string' && at.has(extra) ? at.keyPos(extra) : at.pos();
    const allowed = details?.params?.allowedValues;
    const message = (error as Error).message.replace(`${action}.${direction} `, direction === 'req' ? 'payload ' : 'response ')
      + (Array.isArray(allowed) ? ` (${allowed.join(', ')})` : '') + (typeof extra === 'string' ? ` ('${extra}')` : '');
    ctx.problems.add(pos, `${what} ${action}: ${message}`);
  }
  return Object.freeze(payload) as Payload;
}
