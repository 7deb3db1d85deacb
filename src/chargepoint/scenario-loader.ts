import { readFile } from 'node:fs/promises';
import { LineCounter, isMap, isSeq, parseDocument, type Node as YamlNode } from 'yaml';
import { parseDuration } from '../clock/duration.js';
import type { Payload } from '../protocol/frame.js';
import { validatorFor } from '../protocol/validator.js';
import { isOcppVersion, SUPPORTED_VERSIONS, type OcppVersion } from '../protocol/versions.js';
import { ScenarioError, type ChargePointProfile, type Scenario, type Step } from './scenario.js';

const STEP_TYPES = ['boot', 'statusNotification', 'heartbeat', 'wait', 'call'] as const;
const TOP_KEYS = new Set(['name', 'description', 'protocol', 'chargePoint', 'steps']);
const PROFILE_KEYS = new Set(['vendor', 'model', 'firmwareVersion', 'connectors']);
const CONNECTOR_STATUSES = ['Available', 'Preparing', 'Charging', 'SuspendedEVSE', 'SuspendedEV', 'Finishing', 'Reserved', 'Unavailable', 'Faulted'];

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Reads and validates a scenario file; throws ScenarioError naming the file and line of the first problem. */
export async function loadScenario(file: string): Promise<Scenario> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new ScenarioError(file, undefined, code === 'ENOENT' ? 'scenario file not found' : `cannot read scenario file (${code ?? String(error)})`);
  }
  return parseScenario(text, file);
}

/** Validates scenario text; pure apart from the error it throws. */
export function parseScenario(text: string, file: string): Scenario {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false });
  const syntax = doc.errors[0];
  if (syntax) throw new ScenarioError(file, lines.linePos(syntax.pos[0]).line, `invalid YAML: ${syntax.message.split('\n')[0]}`);
  const lineOf = (node: unknown): number | undefined => {
    const range = (node as YamlNode | undefined)?.range;
    return range ? lines.linePos(range[0]).line : undefined;
  };
  const root = doc.toJS() as unknown;
  if (!isObj(root)) throw new ScenarioError(file, 1, 'a scenario must be a YAML mapping with `steps`');
  const rootNode = doc.contents;
  const keyLine = (key: string): number | undefined => {
    if (!isMap(rootNode)) return undefined;
    const pair = rootNode.items.find((item) => (item.key as { value?: unknown } | null)?.value === key);
    return lineOf(pair?.key);
  };
  for (const key of Object.keys(root)) {
    if (!TOP_KEYS.has(key)) throw new ScenarioError(file, keyLine(key), `unknown key '${key}' (expected one of: ${[...TOP_KEYS].join(', ')})`);
  }
  const protocol = root.protocol ?? 'ocpp1.6';
  if (typeof protocol !== 'string' || !isOcppVersion(protocol)) {
    throw new ScenarioError(file, keyLine('protocol'), `protocol must be one of ${SUPPORTED_VERSIONS.join(', ')}`);
  }
  if (protocol !== 'ocpp1.6') throw new ScenarioError(file, keyLine('protocol'), `protocol ${protocol} is not available for charge points yet; use ocpp1.6`);
  const profileNode = doc.get('chargePoint', true);
  const profileLine = (key?: string): number | undefined => {
    const pair = key && isMap(profileNode) ? profileNode.items.find((item) => (item.key as { value?: unknown } | null)?.value === key) : undefined;
    return lineOf(pair?.value ?? pair?.key) ?? keyLine('chargePoint');
  };
  const chargePoint = parseProfile(root.chargePoint ?? {}, (problem, key) => new ScenarioError(file, profileLine(key), problem));
  const stepsNode = doc.get('steps', true);
  if (!Array.isArray(root.steps) || !isSeq(stepsNode) || root.steps.length === 0) {
    throw new ScenarioError(file, keyLine('steps'), '`steps` must be a non-empty list');
  }
  const steps = root.steps.map((raw, i) => parseStep(raw, lineOf(stepsNode.items[i]) ?? 0, file, chargePoint, protocol));
  const name = typeof root.name === 'string' ? root.name : file;
  return Object.freeze({ name, file, protocol, chargePoint: Object.freeze(chargePoint), steps: Object.freeze(steps) });
}

function parseProfile(raw: unknown, fail: (problem: string, key?: string) => ScenarioError): ChargePointProfile {
  if (!isObj(raw)) throw fail('`chargePoint` must be a mapping');
  for (const key of Object.keys(raw)) if (!PROFILE_KEYS.has(key)) throw fail(`unknown chargePoint key '${key}'`, key);
  const text = (key: string, fallback: string, max: number): string => {
    const value = raw[key] ?? fallback;
    if (typeof value !== 'string' || value.length === 0 || value.length > max) throw fail(`chargePoint.${key} must be a string of 1 to ${max} characters`, key);
    return value;
  };
  const connectors = raw.connectors ?? 1;
  if (!Number.isInteger(connectors) || (connectors as number) < 1 || (connectors as number) > 100) throw fail('chargePoint.connectors must be an integer from 1 to 100', 'connectors');
  const profile: ChargePointProfile = { vendor: text('vendor', 'ocpp-sim', 20), model: text('model', 'VirtualCP', 20), connectors: connectors as number };
  if (raw.firmwareVersion !== undefined) profile.firmwareVersion = text('firmwareVersion', '', 50);
  return profile;
}

function parseStep(raw: unknown, line: number, file: string, profile: ChargePointProfile, protocol: OcppVersion): Step {
  const fail = (problem: string): ScenarioError => new ScenarioError(file, line, problem);
  const entry = typeof raw === 'string' ? { [raw]: {} } : raw;
  if (!isObj(entry) || Object.keys(entry).length !== 1) throw fail(`a step is a mapping with one key, the step type (${STEP_TYPES.join(', ')})`);
  const [type, rawArgs] = Object.entries(entry)[0] as [string, unknown];
  const args = rawArgs ?? {};
  if (!isObj(args)) throw fail(`the arguments of step '${type}' must be a mapping`);
  const allow = (...keys: string[]): void => {
    for (const key of Object.keys(args)) if (!keys.includes(key)) throw fail(`step '${type}' has no option '${key}'${keys.length ? ` (options: ${keys.join(', ')})` : ''}`);
  };
  switch (type) {
    case 'boot':
    case 'heartbeat':
      allow();
      return { type, line };
    case 'statusNotification': {
      allow('connector', 'status', 'errorCode');
      const connector = args.connector ?? 'all';
      if (connector !== 'all' && !(Number.isInteger(connector) && (connector as number) >= 0 && (connector as number) <= profile.connectors)) {
        throw fail(`statusNotification.connector must be 'all' or 0..${profile.connectors}`);
      }
      const status = args.status ?? 'Available';
      if (typeof status !== 'string' || !CONNECTOR_STATUSES.includes(status)) throw fail(`statusNotification.status must be one of ${CONNECTOR_STATUSES.join(', ')}`);
      const errorCode = args.errorCode ?? 'NoError';
      if (typeof errorCode !== 'string') throw fail('statusNotification.errorCode must be a string');
      return { type, line, connector: connector as 'all' | number, status, errorCode };
    }
    case 'wait': {
      allow('duration');
      const ms = typeof args.duration === 'string' || typeof args.duration === 'number' ? parseDuration(args.duration) : undefined;
      if (ms === undefined) throw fail("wait.duration must be a duration such as '5s' or '500ms'");
      return { type, line, ms };
    }
    case 'call': {
      allow('action', 'payload');
      if (typeof args.action !== 'string' || args.action.length === 0) throw fail('call.action must be an OCPP action name');
      const payload = args.payload ?? {};
      if (!isObj(payload)) throw fail('call.payload must be a mapping');
      try {
        validatorFor(protocol).validate(args.action, 'req', payload as Payload);
      } catch (error) {
        throw fail(`call ${args.action}: ${(error as Error).message}`);
      }
      return { type, line, action: args.action, payload: payload as Payload };
    }
    default:
      throw fail(`unknown step type '${type}' (expected one of: ${STEP_TYPES.join(', ')})`);
  }
}
