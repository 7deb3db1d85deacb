import { MAX_FRAME_DEPTH, nestedDeeperThan } from '../protocol/json-depth.js';

/** What replaces a secret in a logged frame. */
export const REDACTED = '[redacted]';

// Keys whose value is a secret wherever they appear (1.6 security whitepaper §7.2, 2.0.1 SecurityCtrlr).
const SECRET_KEY = /password|passwd|secret|privatekey|authorizationkey/i;
// Configuration entries named by a `key` (1.6) or `variable.name` (2.0.1) that hold a secret.
const SECRET_SETTING = /^(AuthorizationKey|BasicAuthPassword)$/i;

function scrub(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(scrub);
  if (typeof value !== 'object' || value === null) return value;
  const record = value as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  // 1.6 ChangeConfiguration {key, value}; 2.0.1 SetVariables {variable: {name}, attributeValue}.
  const namesSecret = (typeof record.key === 'string' && SECRET_SETTING.test(record.key))
    || (typeof (record.variable as { name?: unknown } | undefined)?.name === 'string' && SECRET_SETTING.test((record.variable as { name: string }).name));
  for (const [key, inner] of Object.entries(record)) {
    if (SECRET_KEY.test(key) || (namesSecret && (key === 'value' || key === 'attributeValue'))) out[key] = REDACTED;
    else out[key] = scrub(inner);
  }
  return out;
}

/**
 * An OCPP-J frame fit for a debug log: passwords, AuthorizationKey and BasicAuthPassword values
 * replaced by REDACTED. Text that is not JSON, or nested deeper than MAX_FRAME_DEPTH, is shown
 * only by length and what is wrong (it could be anything).
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
