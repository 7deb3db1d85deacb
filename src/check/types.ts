import type { OcppVersion } from '../protocol/versions.js';
import type { CheckContext } from './context.js';

/** Where a check comes from in one version: the OCPP section it enforces and, where one exists, the OCTT test case. */
export interface CheckReference {
  /** e.g. `1.6 §4.2`, `2.0.1 B01`, `OCPP-J 1.6 §4.2.3`. */
  readonly section: string;
  /** OCTT CSMS test case id, e.g. `TC_001_CSMS`. */
  readonly octt?: string;
}

/** What a check needs besides the URL; without it the check is skipped, saying which flag unlocks it. */
export type CheckNeed = 'trigger' | 'password' | 'tls' | 'client-cert' | 'pending-id' | 'rejected-id';

/** One named check: a small scripted conversation with assertions. */
export interface CheckDefinition {
  /** Kebab-case, unique within a version; what --only/--skip name. */
  readonly name: string;
  /** What a pass proves, one sentence (docs/check.md lists it). */
  readonly proves: string;
  /** The versions it applies to, each with its reference. */
  readonly refs: Readonly<Partial<Record<OcppVersion, CheckReference>>>;
  readonly needs?: readonly CheckNeed[];
  /** Runs the conversation; throws CheckFailed (or anything) to fail; may return figures for the ✓ line. */
  run(ctx: CheckContext): Promise<string | void>;
}

/** A check's verdict. */
export interface CheckOutcome {
  readonly name: string;
  readonly status: 'passed' | 'failed' | 'skipped';
  /** Figures when passed, the reason when failed or skipped. */
  readonly detail: string;
  readonly section: string;
  readonly octt: string | undefined;
  /** Wall time of the check, in milliseconds. */
  readonly ms: number;
}

/** The CSMS did something the text forbids: a failed check, not a crash. */
export class CheckFailed extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CheckFailed';
  }
}

/** Fails the check with `message` unless `condition` holds. */
export function expect(condition: unknown, message: string): asserts condition {
  if (!condition) throw new CheckFailed(message);
}
