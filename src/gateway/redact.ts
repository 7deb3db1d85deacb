import { MAX_FRAME_DEPTH, nestedDeeperThan } from '../protocol/json-depth.js';

/** What replaces a secret in a logged frame. */
export const REDACTED = '[redacted]';

// A field is secret when its name ends in one of these words, or holds one of the second set
// anywhere: apnPassword, simPin, vpn `key` and `password` (2.0.1 SetNetworkProfile), idToken,
// AuthorizationKey, BasicAuthPassword, privateKey, clientSecret, passphrase …
const SECRET_LAST_WORD = new Set(['password', 'passwd', 'pwd', 'passphrase', 'secret', 'token', 'key', 'pin']);
const SECRET_ANY_WORD = new Set(['password', 'passwd', 'passphrase', 'secret', 'private']);
// Names that end in a secret word but are public: a signed meter value's public key (2.0.1
// SignedMeterValueType), the 1.6 configuration key names GetConfiguration does not know.
const PUBLIC_NAMES = new Set(['publickey', 'unknownkey']);

/** The words of a field name: camelCase, snake_case, kebab-case and dots split; lower case. */
function words(name: string): string[] {
  return name.replace(/([a-z0-9])([A-Z])/g, '$1 $2').replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2').toLowerCase().split(/[^a-z0-9]+/).filter(Boolean);
}

/** True when a field (or setting) named `name` holds a secret by the rule above. */
export function isSecretName(name: string): boolean {
  if (PUBLIC_NAMES.has(name.toLowerCase())) return false;
  const parts = words(name);
  const last = parts[parts.length - 1];
  return (last !== undefined && SECRET_LAST_WORD.has(last)) || parts.some((word) => SECRET_ANY_WORD.has(word));
}

type Json = Record<string, unknown>;

/**
 * The setting an object configures, when it is one: the 1.6 KeyValue / ChangeConfiguration
 * `{key, value, readonly?}` or the 2.0.1 `{variable: {name}, attributeValue | variableAttribute}`.
 */
function settingName(record: Json): string | undefined {
  if (typeof record.key === 'string' && ('value' in record || 'readonly' in record)) return record.key;
  const variable = record.variable as { name?: unknown } | undefined;
  return typeof variable?.name === 'string' ? variable.name : undefined;
}

function scrubList(list: unknown[], secret: boolean): unknown[] {
  return list.map((item) => (secret && (typeof item !== 'object' || item === null) ? REDACTED : scrub(item)));
}

function scrubRecord(record: Json): Json {
  const setting = settingName(record);
  const secretSetting = setting !== undefined && isSecretName(setting);
  const out: Json = {};
  for (const [key, inner] of Object.entries(record)) {
    if (secretSetting && (key === 'value' || key === 'attributeValue')) out[key] = REDACTED;
    else if (secretSetting && key === 'variableAttribute' && Array.isArray(inner)) {
      out[key] = inner.map((attribute) => (typeof attribute === 'object' && attribute !== null ? { ...(attribute as Json), value: REDACTED } : attribute));
    } else if (key === 'key' && setting !== undefined) out[key] = inner;
    // 1.6 GetConfiguration.req: `key` is a list of setting names, not a secret.
    else if (key === 'key' && Array.isArray(inner)) out[key] = inner;
    else if (Array.isArray(inner)) out[key] = scrubList(inner, isSecretName(key));
    else if (typeof inner === 'object' && inner !== null) out[key] = scrub(inner);
    else out[key] = isSecretName(key) ? REDACTED : inner;
  }
  return out;
}

// Recursion is bounded: redactFrame refuses values nested deeper than MAX_FRAME_DEPTH first.
function scrub(value: unknown): unknown {
  if (typeof value !== 'object' || value === null) return value;
  return Array.isArray(value) ? scrubList(value, false) : scrubRecord(value as Json);
}

/**
 * An OCPP-J frame fit for a debug log, redacted by rule (docs/security.md): every field whose
 * name says password, passphrase, secret, private, token, key or pin (its last word, or
 * anywhere for the first four) has its text replaced by REDACTED, objects under such a name
 * are redacted field by field; the value of a setting whose name says so (1.6 ChangeConfiguration
 * AuthorizationKey, 2.0.1 SetVariables BasicAuthPassword) too. Text that is not JSON, or nested
 * deeper than MAX_FRAME_DEPTH, is shown only by length and what is wrong (it could be anything).
 */
export function redactFrame(text: string): string {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return `<${text.length} characters, not JSON>`;
  }
  if (nestedDeeperThan(value)) return `<${text.length} characters of JSON nested deeper than ${MAX_FRAME_DEPTH} levels>`;
  return JSON.stringify(scrub(value));
}
