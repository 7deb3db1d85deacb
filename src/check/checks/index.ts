import type { OcppVersion } from '../../protocol/versions.js';
import type { CheckDefinition } from '../types.js';
import { BOOT_CHECKS } from './boot.js';
import { HANDSHAKE_CHECKS } from './handshake.js';
import { RPC_CHECKS } from './rpc.js';
import { SECURITY_CHECKS } from './security.js';
import { STATION_MESSAGE_CHECKS } from './station-messages.js';
import { TRANSACTION_CHECKS_V16 } from './transactions-v16.js';
import { TRIGGER_CHECKS } from './trigger.js';
import { TRANSACTION_CHECKS_V201 } from './transactions-v201.js';

/**
 * OCPP 2.1 keeps the 2.0.1 use cases these checks exercise: every 2.0.1 check applies to 2.1 with
 * the same section of the 2.1 text (no OCTT case exists for 2.1).
 */
const with21 = (check: CheckDefinition): CheckDefinition => {
  const ref = check.refs['ocpp2.0.1'];
  if (!ref || check.refs['ocpp2.1']) return check;
  return { ...check, refs: { ...check.refs, 'ocpp2.1': { section: ref.section.replace(/2\.0\.1/g, '2.1') } } };
};

/** Every check of every version, in the order they run: the station's own messages first, then the rules, security, and the conversations the CSMS starts. */
export const ALL_CHECKS: readonly CheckDefinition[] = Object.freeze([
  ...BOOT_CHECKS, ...STATION_MESSAGE_CHECKS, ...TRANSACTION_CHECKS_V16, ...TRANSACTION_CHECKS_V201,
  ...RPC_CHECKS, ...HANDSHAKE_CHECKS, ...SECURITY_CHECKS, ...TRIGGER_CHECKS,
].map(with21));

/** The checks that apply to `version`, in running order. */
export function checksFor(version: OcppVersion): CheckDefinition[] {
  return ALL_CHECKS.filter((check) => check.refs[version] !== undefined);
}
