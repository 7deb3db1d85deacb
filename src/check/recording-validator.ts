import type { Payload } from '../protocol/frame.js';
import { validatorFor, type Direction, type SchemaCheck } from '../protocol/validator.js';
import type { OcppVersion } from '../protocol/versions.js';

/** A payload of the CSMS that failed its schema. */
export interface SchemaFailure { action: string; direction: Direction; message: string }

/** Failures kept at most: the first ones tell the story. */
const MAX_FAILURES = 20;

/**
 * The process-wide validator of a version, remembering what failed: a CSMS request that breaks
 * its schema is answered with a CALLERROR by the session, and a check still wants to say why.
 */
export class RecordingValidator implements SchemaCheck {
  readonly version: OcppVersion;
  readonly actions: ReadonlySet<string>;
  readonly failures: SchemaFailure[] = [];
  private readonly inner: SchemaCheck;

  constructor(version: OcppVersion) {
    this.inner = validatorFor(version);
    this.version = version;
    this.actions = this.inner.actions;
  }

  validate(action: string, direction: Direction, payload: Payload): void {
    try {
      this.inner.validate(action, direction, payload);
    } catch (error) {
      if (this.failures.length < MAX_FAILURES) this.failures.push({ action, direction, message: (error as Error).message });
      throw error;
    }
  }
}
