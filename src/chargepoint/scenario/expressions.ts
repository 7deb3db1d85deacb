import type { Prng } from './prng.js';
import { TemplateError, UNKNOWN, type Expr } from './templates.js';

/**
 * What a template may name when a file is checked: the variables saved before, the connector
 * count, the data columns and the environment.
 */
export interface ExprScope {
  vars: ReadonlySet<string>;
  connectors: number;
  /** Columns of the scenario's data file; 'unknown' when no file is known yet (checked at run), 'none' when the run has none. */
  columns?: ReadonlySet<string> | 'unknown' | 'none';
  /** The environment `{{env.NAME}}` reads; undefined when none was given (such a template is then a problem). */
  env?: Readonly<Record<string, string | undefined>>;
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
  /** The value of a column in the charge point's data row, or undefined without one. */
  data(column: string): string | undefined;
  /** The value an environment variable had when the scenario was loaded, or undefined. */
  env(name: string): string | undefined;
}

const NO_ARGS = ['cp.id', 'cp.index', 'connector', 'now', 'random.idTag', 'random.uuid'];
const CONNECTOR_ARG = ['meter.wh', 'transaction.id'];

/** Every expression name, for messages. */
export const EXPRESSION_NAMES = [...NO_ARGS, 'random.int MIN MAX', 'meter.wh [CONNECTOR]', 'transaction.id [CONNECTOR]', 'vars.NAME', 'data.COLUMN', 'env.NAME'];

const NAME = /^[A-Za-z_]\w*$/;

/** Why `{{data.COLUMN}}` or `{{env.NAME}}` cannot be used in `scope`, or undefined when it can. */
function checkOuter(expr: Expr, scope: ExprScope): string | undefined {
  const [kind, ...rest] = expr.name.split('.');
  const name = rest.join('.');
  if (!NAME.test(name)) return `bad ${kind === 'data' ? 'column' : 'variable'} name in ${expr.text}`;
  if (expr.args.length > 0) return `${expr.text}: takes no arguments`;
  if (kind === 'env') {
    if (scope.env === undefined) return `${expr.text}: no environment is given here`;
    return Object.hasOwn(scope.env, name) && scope.env[name] !== undefined ? undefined : `environment variable ${name} is not set (${expr.text})`;
  }
  const columns = scope.columns ?? 'unknown';
  if (columns === 'unknown') return undefined;
  if (columns === 'none') return `${expr.text}: no data file (give --data FILE, or data: FILE in the scenario)`;
  return columns.has(name) ? undefined : `unknown data column '${name}' in ${expr.text} (columns: ${[...columns].join(', ')})`;
}

const isInt = (text: string | undefined): boolean => text !== undefined && /^-?\d+$/.test(text);

/** Why `expr` cannot be used in `scope`, or undefined when it can. */
export function checkExpr(expr: Expr, scope: ExprScope): string | undefined {
  const { name, args } = expr;
  if (name.startsWith('data.') || name.startsWith('env.')) return checkOuter(expr, scope);
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
      if (expr.name.startsWith('data.')) {
        const value = values.data(expr.name.slice(5));
        if (value === undefined) throw new TemplateError(`${expr.text}: the charge point has no data row with column '${expr.name.slice(5)}'`);
        return value;
      }
      if (expr.name.startsWith('env.')) {
        const value = values.env(expr.name.slice(4));
        if (value === undefined) throw new TemplateError(`${expr.text}: environment variable ${expr.name.slice(4)} was not set when the scenario was loaded`);
        return value;
      }
      const variable = expr.name.slice(5);
      if (!expr.name.startsWith('vars.') || !Object.hasOwn(values.vars, variable)) {
        throw new TemplateError(`${expr.text}: variable '${variable}' is not set (did the step that saves it fail?)`);
      }
      return values.vars[variable];
    }
  }
}
