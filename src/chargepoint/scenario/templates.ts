import { sampleFor, schemaChild, wantedType, type SchemaAt } from './schemas.js';

/** One `{{name arg…}}` expression of a template. */
export interface Expr {
  name: string;
  args: readonly string[];
  /** The expression as written, braces included, for messages. */
  text: string;
}

type Part = string | Expr;

/** A template could not be rendered at run time (a variable not set, no transaction on the connector). */
export class TemplateError extends Error {
  readonly code = 'E_TEMPLATE';
}

/** Returned by a resolver that only knows a value's place, not the value (checking a file before a run). */
export const UNKNOWN: unique symbol = Symbol('unknown until run time');

/** Gives the value of one expression; may return UNKNOWN, may throw TemplateError. */
export type Resolve = (expr: Expr) => unknown;

const EXPR = /\{\{\s*([^{}]*?)\s*\}\}/g;
const parsed = new Map<string, Part[] | string>();

/**
 * Splits `text` into literal text and expressions, or returns why it cannot (an unclosed `{{`,
 * an empty expression). Results are cached: scenario strings are few and reused per render.
 */
export function parseTemplate(text: string): Part[] | string {
  const cached = parsed.get(text);
  if (cached !== undefined) return cached;
  const parts: Part[] = [];
  let last = 0;
  let problem: string | undefined;
  for (const match of text.matchAll(EXPR)) {
    if (match.index > last) parts.push(text.slice(last, match.index));
    const words = (match[1] as string).split(/\s+/).filter(Boolean);
    if (words.length === 0) problem ??= `empty template expression '${match[0]}'`;
    parts.push({ name: words[0] ?? '', args: words.slice(1), text: match[0] });
    last = match.index + match[0].length;
  }
  if (last < text.length) parts.push(text.slice(last));
  const rest = parts.filter((p): p is string => typeof p === 'string').join('');
  if (rest.includes('{{') || rest.includes('}}')) problem ??= `unbalanced '{{' or '}}' in '${text}'`;
  const result = problem ?? parts;
  parsed.set(text, result);
  return result;
}

/** True when `text` holds at least one `{{…}}`. */
export const hasTemplate = (text: string): boolean => text.includes('{{');

/** The expressions of `text` (none when it cannot be parsed). */
export function expressionsOf(text: string): Expr[] {
  const parts = parseTemplate(text);
  return typeof parts === 'string' ? [] : parts.filter((p): p is Expr => typeof p !== 'string');
}

function coerce(value: unknown, want: ReturnType<typeof wantedType>): unknown {
  switch (want) {
    case 'string':
      return typeof value === 'string' ? value : typeof value === 'object' ? JSON.stringify(value) : String(value);
    case 'integer':
    case 'number':
      return typeof value === 'string' && /^-?\d+(\.\d+)?$/.test(value) ? Number(value) : value;
    case 'boolean':
      return value === 'true' ? true : value === 'false' ? false : value;
    default:
      return value;
  }
}

/**
 * Renders one string. A string that is one expression alone takes the type the schema wants at
 * `at` (`"{{connector}}"` is 1 where an integer is wanted, `"{{meter.wh}}"` is "1234" where a
 * string is wanted), or the value's own type without a schema; text around expressions makes a string.
 */
export function renderString(text: string, resolve: Resolve, at?: SchemaAt | null): unknown {
  if (!hasTemplate(text)) return text;
  const parts = parseTemplate(text);
  if (typeof parts === 'string') throw new TemplateError(parts);
  const only = parts.length === 1 ? parts[0] : undefined;
  if (only !== undefined && typeof only !== 'string') {
    const value = resolve(only);
    return value === UNKNOWN ? sampleFor(at) : coerce(value, wantedType(at));
  }
  return parts.map((part) => {
    if (typeof part === 'string') return part;
    const value = resolve(part);
    return value === UNKNOWN ? 'sample' : typeof value === 'object' ? JSON.stringify(value) : String(value);
  }).join('');
}

/** Renders every string of a payload-like tree, following the schema alongside for each field's type. */
export function renderTree(value: unknown, resolve: Resolve, at?: SchemaAt | null): unknown {
  if (typeof value === 'string') return renderString(value, resolve, at);
  if (Array.isArray(value)) return value.map((item, i) => renderTree(item, resolve, schemaChild(at ?? undefined, String(i))));
  if (typeof value === 'object' && value !== null) {
    const out: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) out[key] = renderTree(item, resolve, schemaChild(at ?? undefined, key));
    return out;
  }
  return value;
}

/** True when some string in the tree holds a template. */
export function treeHasTemplate(value: unknown): boolean {
  if (typeof value === 'string') return hasTemplate(value);
  if (Array.isArray(value)) return value.some(treeHasTemplate);
  if (typeof value === 'object' && value !== null) return Object.values(value).some(treeHasTemplate);
  return false;
}
