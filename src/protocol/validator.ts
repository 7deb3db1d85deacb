import AjvModule, { type ValidateFunction } from 'ajv';
import addFormatsModule from 'ajv-formats';
import formatsModule from 'ajv-formats/dist/formats.js';
import { fastDateTime } from './date-time-format.js';
import { kindForSchemaKeyword } from './error-policy.js';
import { OcppError } from './errors.js';
import type { Payload } from './frame.js';
import { schemasOf, type OcppVersion } from './versions.js';

// ajv and ajv-formats are CommonJS; their default export sits one level down under NodeNext.
const Ajv = AjvModule.default ?? AjvModule;
const addFormats = addFormatsModule.default ?? addFormatsModule;
const { fullFormats } = formatsModule;
const FULL_DATE_TIME = fullFormats['date-time'] as { validate: (value: string) => boolean; compare: (a: string, b: string) => number | undefined };

export type Direction = 'req' | 'conf';

/**
 * Validates payloads of one version against the official schemas of its registry row, keyed
 * `<Action>.req` / `<Action>.conf`. Schemas are loaded once and each compiled on first use.
 */
export class PayloadValidator implements SchemaCheck {
  readonly version: OcppVersion;
  readonly actions: ReadonlySet<string>;
  private readonly ajv: InstanceType<typeof Ajv>;
  private readonly compiled = { req: new Map<string, ValidateFunction>(), conf: new Map<string, ValidateFunction>() };

  constructor(version: OcppVersion) {
    this.version = version;
    // The official schemas are checked against the JSON Schema meta-schema by a test
    // (test/protocol/schema-sets.test.ts), not in every process: compiling the meta-schema would
    // cost each validator ~0.45 MB of heap.
    this.ajv = new Ajv({ strictSchema: false, strictTypes: false, allErrors: false, validateSchema: false });
    addFormats(this.ajv);
    // The same answers as ajv-formats' full date-time, without its garbage for canonical UTC timestamps.
    this.ajv.addFormat('date-time', { validate: fastDateTime(FULL_DATE_TIME.validate), compare: FULL_DATE_TIME.compare });
    // Floating-point tolerant multipleOf: 21.4 is a multiple of 0.1 (see the brief §3.10).
    this.ajv.removeKeyword('multipleOf');
    this.ajv.addKeyword({
      keyword: 'multipleOf', type: 'number', errors: false, metaSchema: { type: 'number' },
      compile: (step: number) => (value: number) => Math.abs(Math.round(value / step) - value / step) < 1e-6,
    });
    const actions = new Set<string>();
    for (const key of schemasOf(version).keys()) {
      const match = /^(.+)\.req$/.exec(key);
      if (match?.[1]) actions.add(match[1]);
    }
    this.actions = actions;
  }

  /**
   * Throws an OcppError (the kind chosen by `kindForSchemaKeyword`) when `payload` does not
   * match the schema of `action` in `direction`; throws NotImplemented for an unknown action.
   */
  validate(action: string, direction: Direction, payload: Payload): void {
    const check = this.schemaFor(action, direction);
    if (check(payload)) return;
    const first = check.errors?.[0];
    const where = first?.instancePath ? first.instancePath : '(payload)';
    throw new OcppError(kindForSchemaKeyword(first?.keyword ?? ''), `${action}.${direction} ${where} ${first?.message ?? 'is invalid'}`.slice(0, 255),
      { keyword: first?.keyword, path: first?.instancePath, params: first?.params });
  }

  private schemaFor(action: string, direction: Direction): ValidateFunction {
    let check = this.compiled[direction].get(action);
    if (!check) {
      if (!this.actions.has(action)) throw new OcppError('NotImplemented', `unknown action '${action.slice(0, 64)}'`);
      const id = `${action}.${direction}`;
      // Each schema is compiled at its first use (self-contained: its $refs point inside it),
      // so a process holds the compiled forms of the actions it exchanges only.
      const schema = schemasOf(this.version).get(id);
      if (!schema) throw new OcppError('NotImplemented', `no schema for ${id}`);
      check = this.ajv.compile(schema);
      this.compiled[direction].set(action, check);
    }
    return check;
  }
}

const shared = new Map<OcppVersion, PayloadValidator>();

/** The process-wide validator of `version`: schemas are compiled once however many sessions use them. */
export function validatorFor(version: OcppVersion): PayloadValidator {
  let validator = shared.get(version);
  if (!validator) {
    validator = new PayloadValidator(version);
    shared.set(version, validator);
  }
  return validator;
}

/** What a session needs of a validator: the version's actions and a check that throws OcppError. */
export interface SchemaCheck {
  readonly version: OcppVersion;
  readonly actions: ReadonlySet<string>;
  validate(action: string, direction: Direction, payload: Payload): void;
}

/** `--validate`: every payload, a sample of them, or none. */
export type ValidationMode = 'off' | 'sample' | 'all';
export const VALIDATION_MODES: readonly ValidationMode[] = ['off', 'sample', 'all'];

/** In `sample` mode: the first SAMPLE_FIRST payloads of each action and direction are checked, then one in SAMPLE_EVERY. */
export const SAMPLE_FIRST = 100;
export const SAMPLE_EVERY = 100;

/**
 * Checks a deterministic sample of the payloads: the first SAMPLE_FIRST of each action and
 * direction (so a scenario's mistakes show at once), then every SAMPLE_EVERY-th. The counts are
 * shared by the sessions that use this instance (one fleet).
 */
export class SampledValidator implements SchemaCheck {
  readonly version: OcppVersion;
  readonly actions: ReadonlySet<string>;
  private readonly inner: SchemaCheck;
  private readonly seen = new Map<string, { req: number; conf: number }>();

  constructor(inner: SchemaCheck) {
    this.inner = inner;
    this.version = inner.version;
    this.actions = inner.actions;
  }

  validate(action: string, direction: Direction, payload: Payload): void {
    // Unknown actions first: a peer's made-up names never become keys of `seen`.
    if (!this.actions.has(action)) throw new OcppError('NotImplemented', `unknown action '${action.slice(0, 64)}'`);
    let counts = this.seen.get(action);
    if (!counts) this.seen.set(action, (counts = { req: 0, conf: 0 }));
    const n = ++counts[direction];
    if (n <= SAMPLE_FIRST || n % SAMPLE_EVERY === 0) this.inner.validate(action, direction, payload);
  }
}

/**
 * The validator a `--validate` mode asks for: undefined for off, the process-wide one for all,
 * and for sample a new sampler (its counts belong to the fleet that asked) over the shared schemas.
 */
export function validatorForMode(version: OcppVersion, mode: ValidationMode): SchemaCheck | undefined {
  if (mode === 'off') return undefined;
  if (mode === 'all') return validatorFor(version);
  return new SampledValidator(validatorFor(version));
}
