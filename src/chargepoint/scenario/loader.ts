import { readFile } from 'node:fs/promises';
import { dirname, isAbsolute, join } from 'node:path';
import { validatorFor } from '../../protocol/validator.js';
import { isOcppVersion, loadVersions, SUPPORTED_VERSIONS, type OcppVersion } from '../../protocol/versions.js';
import { profileFor } from '../protocol-profile.js';
import { ScenarioError, type ChargePointProfile, type Scenario, type ScenarioProblem } from './types.js';
import type { ParseCtx, Scope } from './parse-support.js';
import { parseCsmsCalls, parsePower } from './parse-charging.js';
import { parseFirmwareBlock } from './parse-device.js';
import { parseOfflineOption } from './parse-offline.js';
import { parseStepList } from './parse-steps.js';
import { jsonSyntaxError, Problems, readYaml, type Src } from './yaml-source.js';
import { DataError, loadDataSet, type DataSet } from './data-set.js';

const TOP_KEYS = ['name', 'description', 'protocol', 'chargePoint', 'firmware', 'data', 'offline', 'steps', 'csms'];
const PROFILE_KEYS = ['vendor', 'model', 'firmwareVersion', 'connectors', 'power'];

/** How a scenario is read: `protocol` overrides the file's own `protocol` (the `--protocol` flag). */
export interface ScenarioOptions {
  protocol?: OcppVersion;
  /** `--data`: the rows of every charge point running the scenario, in place of its own `data:` file. */
  data?: DataSet;
  /** The environment `{{env.NAME}}` reads (the CLI passes its own); without it, such a template is a problem. */
  env?: Readonly<Record<string, string | undefined>>;
  /** For a run: a `{{data.…}}` template with no data file is a problem. Otherwise columns are checked only against a known file. */
  needData?: boolean;
}

/** The scenario's own `data:` file as the async loader read it: its rows, or why it cannot be used. */
export type OwnData = DataSet | DataError;

/** The outcome of checking a scenario text: every problem, and the scenario when there are none. */
export interface ScenarioCheck {
  scenario: Scenario | undefined;
  problems: ScenarioProblem[];
}

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const item of Object.values(value)) deepFreeze(item);
  }
  return value;
}

function parseProfile(src: Src | undefined, problems: Problems): ChargePointProfile {
  const profile: ChargePointProfile = { vendor: 'ocpp-sim', model: 'VirtualCP', connectors: 1 };
  if (src === undefined) return profile;
  if (!src.isMap) {
    problems.add(src.pos(), '`chargePoint` must be a mapping');
    return profile;
  }
  for (const key of src.keys()) if (!PROFILE_KEYS.includes(key)) problems.add(src.keyPos(key), `unknown chargePoint key '${key}' (expected one of: ${PROFILE_KEYS.join(', ')})`);
  const text = (key: 'vendor' | 'model' | 'firmwareVersion', max: number): void => {
    const value = src.get(key);
    if (value === undefined) return;
    if (typeof value.value === 'string' && value.value.length > 0 && value.value.length <= max) profile[key] = value.value;
    else problems.add(value.pos(), `chargePoint.${key} must be a string of 1 to ${max} characters`);
  };
  text('vendor', 20);
  text('model', 20);
  text('firmwareVersion', 50);
  const connectors = src.get('connectors');
  if (connectors !== undefined) {
    const n = connectors.value;
    if (Number.isInteger(n) && (n as number) >= 1 && (n as number) <= 100) profile.connectors = n as number;
    else problems.add(connectors.pos(), 'chargePoint.connectors must be an integer from 1 to 100');
  }
  const power = src.get('power');
  if (power !== undefined) profile.power = parsePower(power, problems);
  return profile;
}

function protocolOf(root: Src, options: ScenarioOptions, problems: Problems): OcppVersion {
  const src = root.get('protocol');
  const written = src?.value ?? 'ocpp1.6';
  let protocol: OcppVersion = 'ocpp1.6';
  if (typeof written !== 'string' || !isOcppVersion(written)) problems.add((src ?? root).pos(), `protocol must be one of ${SUPPORTED_VERSIONS.join(', ')}`);
  else protocol = written;
  protocol = options.protocol ?? protocol;
  try {
    profileFor(protocol);
  } catch {
    problems.add((src ?? root).pos(), `protocol ${protocol} is not available for charge points yet; use ocpp1.6`);
  }
  return protocol;
}

/**
 * Checks a scenario text and reports every problem, each with its line and column (sorted by
 * place in the file): YAML syntax, unknown keys and steps, unknown actions, payloads that break
 * their schema, bad durations, templates and variables, expect/match/save shapes. Pure.
 */
export function checkScenario(text: string, file: string, options: ScenarioOptions = {}, ownData?: OwnData): ScenarioCheck {
  const json = /\.json$/i.test(file) ? jsonSyntaxError(text) : undefined;
  if (json) return { scenario: undefined, problems: [{ file, ...json }] };
  const read = readYaml(text);
  if ('error' in read) return { scenario: undefined, problems: [{ file, ...read.error }] };
  const { root } = read;
  const problems = new Problems();
  const done = (): ScenarioCheck => ({
    scenario: undefined,
    problems: problems.list.map((p) => ({ file, ...p })).sort((a, b) => a.line - b.line || a.column - b.column),
  });
  if (!root.isMap) {
    problems.add(root.pos(), 'a scenario must be a YAML mapping with `steps`');
    return done();
  }
  for (const key of root.keys()) if (!TOP_KEYS.includes(key)) problems.add(root.keyPos(key), `unknown key '${key}' (expected one of: ${TOP_KEYS.join(', ')})`);
  const protocol = protocolOf(root, options, problems);
  const chargePoint = parseProfile(root.get('chargePoint'), problems);
  const offline = parseOfflineOption(root.get('offline'), problems);
  const nameSrc = root.get('name');
  if (nameSrc && typeof nameSrc.value !== 'string') problems.add(nameSrc.pos(), 'name must be a string');
  const data = dataOf(root.get('data'), options, ownData, problems);
  const firmware = parseFirmwareBlock(root.get('firmware'), problems);
  const stepsSrc = root.get('steps');
  if (!stepsSrc?.isList || stepsSrc.items().length === 0) {
    problems.add(stepsSrc ? stepsSrc.pos() : root.pos(), '`steps` must be a non-empty list');
    return done();
  }
  const ctx: ParseCtx = {
    protocol, profile: chargePoint, problems, actions: validatorFor(protocol).actions,
    parseSteps: (list: Src, scope: Scope) => parseStepList(list, ctx, scope),
    outer: { columns: data ? new Set(data.columns) : root.has('data') || !options.needData ? 'unknown' : 'none', ...(options.env ? { env: options.env } : {}) },
    envUsed: new Map(),
  };
  const steps = parseStepList(stepsSrc, ctx, { vars: new Set(), inForEach: false, inParallel: false });
  const csmsSrc = root.get('csms');
  const csms = csmsSrc === undefined ? undefined : parseCsmsCalls(csmsSrc, protocol, problems);
  if (problems.list.length > 0) return done();
  const name = typeof nameSrc?.value === 'string' ? nameSrc.value : file;
  const env = ctx.envUsed.size > 0 ? { env: Object.assign(Object.create(null) as Record<string, string>, Object.fromEntries(ctx.envUsed)) } : {};
  return { scenario: deepFreeze({ name, file, protocol, chargePoint, steps, ...(offline ? { offline } : {}), ...(data ? { data } : {}), ...(firmware ? { firmware } : {}), ...env, ...(csms ? { csms } : {}) }), problems: [] };
}

/**
 * The rows of the scenario: `--data` (options.data) when given, else its own `data:` file as
 * read by the async loader. A `data:` that is not a path, a file that cannot be used, or (for a
 * run) a `data:` no loader read is a problem at the `data:` value.
 */
function dataOf(src: Src | undefined, options: ScenarioOptions, ownData: OwnData | undefined, problems: Problems): DataSet | undefined {
  if (src === undefined) return options.data;
  if (typeof src.value !== 'string' || src.value.length === 0) {
    problems.add(src.pos(), '`data` must be the path of a CSV or JSON file, relative to the scenario file');
    return options.data;
  }
  if (options.data) return options.data;
  if (ownData instanceof DataError) problems.add(src.pos(), `data: ${ownData.message}`);
  else if (ownData === undefined && options.needData) problems.add(src.pos(), 'data: the file was not read (parseScenario reads no files; use loadScenario)');
  return ownData instanceof DataError ? undefined : ownData;
}

/** Reads the file named by the scenario's `data:` (relative to the scenario file), unless `--data` replaces it or there is none. */
async function readOwnData(text: string, file: string, options: ScenarioOptions): Promise<OwnData | undefined> {
  if (options.data || !text.includes('data')) return undefined;
  const read = readYaml(text);
  const path = 'root' in read ? read.root.get('data')?.value : undefined;
  if (typeof path !== 'string' || path.length === 0) return undefined;
  try {
    return await loadDataSet(isAbsolute(path) ? path : join(dirname(file), path));
  } catch (error) {
    if (error instanceof DataError) return error;
    throw error;
  }
}

/**
 * Loads the schemas of the protocol a scenario text will be checked as (`--protocol`, else its
 * own, else 1.6), so that `checkScenario` finds them: a process loads the protocols it reads only.
 */
async function loadProtocolOf(text: string, options: ScenarioOptions): Promise<void> {
  let protocol = options.protocol;
  if (!protocol) {
    const read = readYaml(text);
    const written = 'root' in read && read.root.isMap ? read.root.get('protocol')?.value : undefined;
    protocol = typeof written === 'string' && isOcppVersion(written) ? written : 'ocpp1.6';
  }
  await loadVersions([protocol]);
}

/**
 * Validates scenario text; throws a ScenarioError naming file, line and column of the first
 * problem (all in `problems`). Synchronous: the schemas of its protocol must be loaded already
 * when they are an ES module (2.1: `loadVersions`); loadScenario loads them itself.
 */
export function parseScenario(text: string, file: string, options: ScenarioOptions = {}): Scenario {
  return scenarioOrThrow(file, checkScenario(text, file, options));
}

function scenarioOrThrow(file: string, { scenario, problems }: ScenarioCheck): Scenario {
  const first = problems[0];
  if (first) throw new ScenarioError(file, first.line || undefined, first.message, first.column || undefined, problems);
  return scenario as Scenario;
}

async function readScenarioText(file: string): Promise<string> {
  try {
    return await readFile(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new ScenarioError(file, undefined, code === 'ENOENT' ? 'scenario file not found' : code === 'EISDIR' ? 'is a directory, not a scenario file' : `cannot read scenario file (${code ?? String(error)})`);
  }
}

/** Reads and validates a scenario file; throws ScenarioError with the file, line and column of the first problem. */
export async function loadScenario(file: string, options: ScenarioOptions = {}): Promise<Scenario> {
  const text = await readScenarioText(file);
  await loadProtocolOf(text, options);
  return scenarioOrThrow(file, checkScenario(text, file, options, await readOwnData(text, file, options)));
}

/**
 * Checks every file and returns all their problems, file by file, each `file:line:column`
 * (line and column 0 when the file cannot be read). No problems means every file is valid.
 */
export async function validateScenarioFiles(files: readonly string[], options: ScenarioOptions = {}): Promise<ScenarioProblem[]> {
  const all: ScenarioProblem[] = [];
  for (const file of files) {
    try {
      const text = await readScenarioText(file);
      await loadProtocolOf(text, options);
      all.push(...checkScenario(text, file, options, await readOwnData(text, file, options)).problems);
    } catch (error) {
      if (!(error instanceof ScenarioError)) throw error;
      all.push(...error.problems);
    }
  }
  return all;
}
