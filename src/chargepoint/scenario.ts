import type { Payload } from '../protocol/frame.js';
import type { OcppVersion } from '../protocol/versions.js';

/** One step of a scenario; `line` is where it stands in its file, for messages. */
export type Step =
  | { type: 'boot'; line: number }
  | { type: 'statusNotification'; line: number; connector: 'all' | number; status: string; errorCode: string }
  | { type: 'heartbeat'; line: number }
  | { type: 'wait'; line: number; ms: number }
  | { type: 'call'; line: number; action: string; payload: Payload };

export type StepType = Step['type'];

/** What every charge point of a scenario reports about itself in BootNotification. */
export interface ChargePointProfile {
  vendor: string;
  model: string;
  firmwareVersion?: string;
  /** Number of connectors, 1..N (connector 0 is the charge point itself). */
  connectors: number;
}

/** A loaded, validated scenario: frozen, shared by every charge point that runs it. */
export interface Scenario {
  name: string;
  file: string;
  protocol: OcppVersion;
  chargePoint: ChargePointProfile;
  steps: readonly Step[];
}

/** A scenario file that cannot be used; the message names the file and line. */
export class ScenarioError extends Error {
  readonly file: string;
  readonly line: number | undefined;
  constructor(file: string, line: number | undefined, problem: string) {
    super(`${file}${line ? `:${line}` : ''}: ${problem}`);
    this.name = 'ScenarioError';
    this.file = file;
    this.line = line;
  }
}
