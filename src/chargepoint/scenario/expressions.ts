import type { Prng } from './prng.js';
import { TemplateError, UNKNOWN, type Expr } from './templates.js';

/** What a template may name when a file is checked: the variables saved before, the connector count. */
export interface ExprScope {
  vars: ReadonlySet<string>;
  connectors: number;
}

/** What templates read at run time, for one charge point and one step. */
export interface TemplateValues {
  cpId: string;
  cpIndex: number;
  /** The enclosing forEach's connector, 1 outside one. */
  connector: number;
  vars: Readonly<Record<string, unknown>>;
  prng: Prng;
  /** ISO 8601 UTC, the same for every `{{now}}` of one render. */
  now(): string;
  /** The energy register of a connector in Wh, rounded, the same for every use in one render. */
  meterWh(connector: number): number;
  /** The id of the transaction running on a connector, or undefined. */
  transactionId(connector: number): unknown;
}

const NO_ARGS = ['cp.id', 'cp.index', 'connector', 'now', 'random.idTag', 'random.uuid'];
const CONNECTOR_ARG = ['meter.wh', 'transaction.id'];

/** Every expression name, for messages. */
export const EXPRESSION_NAMES = [...NO_ARGS, 'random.int MIN MAX', 'meter.wh [CONNECTOR]', 'transaction.id [CONNECTOR]', 'vars.NAME'];

const isInt = (text: string | undefined): boolean => text !== undefined && /^-?\d+$/.test(text);

/** Why `expr` cannot be used in `scope`, or undefined when it can. */
export function checkExpr(expr: Expr, scope: ExprScope): string | undefined {
  const { name, args } = expr;
  if (name.startsWith('vars.')) {
    const variable = name.slice(5);
    if (!/^[A-Za-z_]\w*$/.test(variable)) return `bad variable name in ${expr.text}`;
    if (args.length > 0) return `${expr.text}: a variable takes no arguments`;
    return scope.vars.has(variable) ? undefined : `undefined variable '${variable}' in ${expr.text}: no earlier step saves it (save: { ${variable}: field })`;
  }
  if (NO_ARGS.includes(name)) return args.length === 0 ? undefined : `${expr.text}: ${name} takes no arguments`;
  if (name === 'random.int') {
    const [min, max] = args;
    if (args.length !== 2 || !isInt(min) || !isInt(max)) return `${expr.text}: write {{random.int MIN MAX}} with two integers`;
    return Number(min) <= Number(max) ? undefined : `${expr.text}: MIN must not be above MAX`;
  }
  if (CONNECTOR_ARG.includes(name)) {
    if (args.length === 0) return undefined;
    const [id] = args;
    if (args.length > 1 || !isInt(id) || Number(id) < 1 || Number(id) > scope.connectors) return `${expr.text}: the connector must be 1..${scope.connectors}`;
    return undefined;
  }
  return `unknown template ${expr.text} (known: ${EXPRESSION_NAMES.join(', ')})`;
}

/** A typed stand-in for `expr` when a file is checked, or UNKNOWN when only the run knows its type. */
export function sampleOf(expr: Expr): unknown {
  switch (expr.name) {
    case 'cp.id': return 'CP-001';
    case 'cp.index': return 0;
    case 'connector': return 1;
    case 'now': return new Date(0).toISOString();
    case 'random.int': return Number(expr.args[0]);
    case 'random.idTag': return 'T000000000';
    case 'random.uuid': return '00000000-0000-4000-8000-000000000000';
    case 'meter.wh': return 0;
    default: return UNKNOWN;
  }
}

/** The value of `expr` now; throws TemplateError when it has none (a variable not set, no transaction). */
export function evaluate(expr: Expr, values: TemplateValues): unknown {
  const connectorArg = (): number => (expr.args[0] === undefined ? values.connector : Number(expr.args[0]));
  switch (expr.name) {
    case 'cp.id': return values.cpId;
    case 'cp.index': return values.cpIndex;
    case 'connector': return values.connector;
    case 'now': return values.now();
    case 'random.int': return values.prng.int(Number(expr.args[0]), Number(expr.args[1]));
    case 'random.idTag': return values.prng.idTag();
    case 'random.uuid': return values.prng.uuid();
    case 'meter.wh': return values.meterWh(connectorArg());
    case 'transaction.id': {
      const id = values.transactionId(connectorArg());
      if (id === undefined) throw new TemplateError(`${expr.text}: no transaction runs on connector ${connectorArg()}`);
      return id;
    }
    default: {
      const variable = expr.name.slice(5);
      if (!expr.name.startsWith('vars.') || !Object.hasOwn(values.vars, variable)) {
        throw new TemplateError(`${expr.text}: variable '${variable}' is not set (did the step that saves it fail?)`);
      }
      return values.vars[variable];
    }
  }
}
