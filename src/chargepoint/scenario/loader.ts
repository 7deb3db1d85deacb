import { readFile } from 'node:fs/promises';
import { validatorFor } from '../../protocol/validator.js';
import { isOcppVersion, SUPPORTED_VERSIONS, type OcppVersion } from '../../protocol/versions.js';
import { profileFor } from '../protocol-profile.js';
import { ScenarioError, type ChargePointProfile, type Scenario, type ScenarioProblem } from './types.js';
import type { ParseCtx, Scope } from './parse-support.js';
import { parseStepList } from './parse-steps.js';
import { jsonSyntaxError, Problems, readYaml, type Src } from './yaml-source.js';

const TOP_KEYS = ['name', 'description', 'protocol', 'chargePoint', 'steps'];
const PROFILE_KEYS = ['vendor', 'model', 'firmwareVersion', 'connectors'];

/** How a scenario is read: `protocol` overrides the file's own `protocol` (the `--protocol` flag). */
export interface ScenarioOptions {
  protocol?: OcppVersion;
}

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
export function checkScenario(text: string, file: string, options: ScenarioOptions = {}): ScenarioCheck {
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
  const nameSrc = root.get('name');
  if (nameSrc && typeof nameSrc.value !== 'string') problems.add(nameSrc.pos(), 'name must be a string');
  const stepsSrc = root.get('steps');
  if (!stepsSrc?.isList || stepsSrc.items().length === 0) {
    problems.add(stepsSrc ? stepsSrc.pos() : root.pos(), '`steps` must be a non-empty list');
    return done();
  }
  const ctx: ParseCtx = {
    protocol, profile: chargePoint, problems, actions: validatorFor(protocol).actions,
    parseSteps: (list: Src, scope: Scope) => parseStepList(list, ctx, scope),
  };
  const steps = parseStepList(stepsSrc, ctx, { vars: new Set(), inForEach: false, inParallel: false });
  if (problems.list.length > 0) return done();
  const name = typeof nameSrc?.value === 'string' ? nameSrc.value : file;
  return { scenario: deepFreeze({ name, file, protocol, chargePoint, steps }), problems: [] };
}

/** Validates scenario text; throws a ScenarioError naming file, line and column of the first problem (all in `problems`). */
export function parseScenario(text: string, file: string, options: ScenarioOptions = {}): Scenario {
  const { scenario, problems } = checkScenario(text, file, options);
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
  return parseScenario(await readScenarioText(file), file, options);
}

/**
 * Checks every file and returns all their problems, file by file, each `file:line:column`
 * (line and column 0 when the file cannot be read). No problems means every file is valid.
 */
export async function validateScenarioFiles(files: readonly string[], options: ScenarioOptions = {}): Promise<ScenarioProblem[]> {
  const all: ScenarioProblem[] = [];
  for (const file of files) {
    try {
      all.push(...checkScenario(await readScenarioText(file), file, options).problems);
    } catch (error) {
      if (!(error instanceof ScenarioError)) throw error;
      all.push(...error.problems);
    }
  }
  return all;
}
