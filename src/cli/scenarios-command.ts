import { EXIT } from './exit-codes.js';
import type { Io } from './io.js';
import { shippedScenarios } from './shipped-scenarios.js';

/**
 * `ocpp-sim scenarios`: the shipped scenarios, one line each: the name `--scenario` takes, the
 * protocol and what the charge points do. Always exit 0.
 */
export function scenariosCommand(io: Io): number {
  const list = shippedScenarios();
  const nameWidth = Math.max(...list.map((s) => s.name.length));
  const protocolWidth = Math.max(...list.map((s) => s.protocol.length));
  for (const s of list) io.stdout.write(`${s.name.padEnd(nameWidth)}  ${s.protocol.padEnd(protocolWidth)}  ${s.description}\n`);
  return EXIT.OK;
}
