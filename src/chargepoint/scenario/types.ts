import type { FirmwareSettings } from '../firmware/plan.js';
import type { Payload } from '../../protocol/frame.js';
import type { OcppVersion } from '../../protocol/versions.js';
import type { DataSet } from './data-set.js';
import type { DropRule } from '../offline-queue.js';

/**
 * Expected values by dotted path (`idTagInfo.status`, `meterValue.0.timestamp`), each compared
 * for deep equality; a value may hold `{{…}}` templates, rendered when the check runs.
 * `null` means the field must be absent (or null).
 */
export type Condition = Readonly<Record<string, unknown>>;

/** Variable name → dotted path of the field whose value is saved into it. */
export type SaveMap = Readonly<Record<string, string>>;

/** A connector named by a step: a number, or `current` = the enclosing forEach's connector (1 outside one). */
export type ConnectorRef = number | 'current';

/** What happens to the rest of the scenario on this connection when the step's check fails. */
export type OnFail = 'continue' | 'stop';

/** One branch of a `parallel` step. */
export interface Branch {
  name: string;
  steps: readonly Step[];
}

/**
 * One step of a scenario; `line` is where it stands in its file, for messages and for the key
 * its checks are recorded under. Optional fields are absent, not undefined, when not given.
 */
export type Step =
  | { type: 'boot'; line: number }
  | { type: 'statusNotification'; line: number; connector: 'all' | ConnectorRef; status: string; errorCode: string; onFail?: OnFail }
  | { type: 'heartbeat'; line: number }
  /** A pause of `ms`, or a uniformly random one in [ms, maxMs] when `maxMs` is set. */
  | { type: 'wait'; line: number; ms: number; maxMs?: number }
  | {
    type: 'call'; line: number; action: string; payload: Payload; expect?: Condition; save?: SaveMap;
    connector?: ConnectorRef; transaction?: 'start' | 'stop'; onFail?: OnFail;
  }
  | { type: 'await'; line: number; action: string; match?: Condition; timeoutMs?: number; save?: SaveMap; onFail?: OnFail }
  | { type: 'respond'; line: number; action: string; payload: Payload }
  /** Sets variables to values (templates rendered when the step runs), e.g. an id tag used by several calls. */
  | { type: 'set'; line: number; values: Readonly<Record<string, unknown>> }
  | { type: 'repeat'; line: number; count?: number; everyMs?: number; forMs?: number; until?: Condition; steps: readonly Step[] }
  | { type: 'forEach'; line: number; connectors: 'all' | readonly number[]; steps: readonly Step[] }
  | { type: 'parallel'; line: number; branches: readonly Branch[] }
  | { type: 'disconnect'; line: number }
  | { type: 'reconnect'; line: number }
  | { type: 'startTransaction'; line: number; connector: ConnectorRef; idTag: string; onFail?: OnFail }
  | { type: 'stopTransaction'; line: number; connector: ConnectorRef; reason: string; onFail?: OnFail }
  | { type: 'meterValues'; line: number; connector: ConnectorRef; context: string; onFail?: OnFail }
  /**
   * Offline for `forMs` without closing politely (the socket dropped, no reconnect until then),
   * running `steps` meanwhile; done once they are and the charge point is back: connected,
   * booted, its offline queue flushed.
   */
  | { type: 'offline'; line: number; forMs: number; steps: readonly Step[] }
  /** 2.1: a periodic event stream sending every `intervalMs` with `values` readings, for `durationMs`. */
  | { type: 'periodicEventStream'; line: number; intervalMs: number; values: number; durationMs: number; onFail?: OnFail }
  /** The embedded gateway sends the charge point this CALL (a DataTransfer ocpp-sim/RequestCall asks for it). */
  | { type: 'requestCall'; line: number; action: string; payload: Payload; onFail?: OnFail }
  /** Asks for an UpdateFirmware of `location` (`gateway:/…` = on the embedded gateway), in waves of `wave.size` charge points `wave.everyMs` apart. */
  | { type: 'updateFirmware'; line: number; location: string; wave?: { size: number; everyMs: number }; onFail?: OnFail }
  /** Asks for a ReserveNow of `connector` for `idTag`, expiring `expiryMs` later, and waits for the connector to be Reserved. */
  | { type: 'reserve'; line: number; connector: ConnectorRef; idTag: string; expiryMs: number; onFail?: OnFail }
  /** Authorizes `idTag`: local list, cache, then Authorize; not Accepted is a failed check. */
  | { type: 'authorize'; line: number; idTag: string; onFail?: OnFail };

export type StepType = Step['type'];

/** What every charge point of a scenario reports about itself in BootNotification. */
export interface ChargePointProfile {
  vendor: string;
  model: string;
  firmwareVersion?: string;
  /** Serial number (1.6 chargePointSerialNumber, 2.0.1 serialNumber); only from a data row's `serial`. */
  serialNumber?: string;
  /** Number of connectors, 1..N (connector 0 is the charge point itself). */
  connectors: number;
  /** The electrical model smart charging uses (docs/charging.md); absent fields keep the defaults (230 V, 1 phase, 7,400 W). */
  power?: { voltage?: number; phases?: number; maxPowerW?: number };
}

/**
 * A CALL the embedded gateway sends the scenario's charge points (`csms:` in the file): `afterMs`
 * after it answered an Accepted BootNotification (`on: boot`) or the start of a transaction
 * (`on: transaction`: StartTransaction in 1.6, TransactionEvent Started in 2.0.1 and later).
 * Strings of the payload that are exactly `{{transactionId}}` or `{{connectorId}}` take the
 * started transaction's id and connector (EVSE), with their types.
 */
export interface CsmsCall {
  on: 'boot' | 'transaction';
  afterMs: number;
  action: string;
  payload: Payload;
  /** Where it stands in the file. */
  line: number;
}

/** The scenario's `offline:` option: the offline queue and what the steps do when the connection is lost. */
export interface OfflineOption {
  /** Messages kept per charge point (docs/scenarios.md); the run's `--offline-queue` wins. */
  queueSize?: number;
  /** What is dropped at the bound; the run's `--offline-drop` wins. */
  drop?: DropRule;
  /**
   * True: a lost connection does not end the steps; they go on offline (transactions may start
   * and stop, their messages queued), and after the reconnect the charge point boots, flushes its
   * queue and carries on where the steps are. False (default): the scenario starts again from the top.
   */
  keepRunning?: boolean;
}

/** A loaded, validated scenario: frozen, shared by every charge point that runs it. */
export interface Scenario {
  name: string;
  file: string;
  protocol: OcppVersion;
  chargePoint: ChargePointProfile;
  offline?: OfflineOption;
  steps: readonly Step[];
  /** Per-charge-point rows (`--data`, or the file's `data:`): the charge point with fleet index i takes row i mod rows. */
  data?: DataSet;
  /** The environment variables its `{{env.NAME}}` templates read, with their values when it was loaded. */
  env?: Readonly<Record<string, string>>;
  /** The `firmware:` block: how firmware updates and log uploads behave; absent: DEFAULT_FIRMWARE. */
  firmware?: Readonly<FirmwareSettings>;
  /** CALLs the embedded gateway sends this scenario's charge points; absent when the file has no `csms`. */
  csms?: readonly CsmsCall[];
}

/** One problem of a scenario file, at a 1-based line and column (0 when the file itself is the problem). */
export interface ScenarioProblem {
  file: string;
  line: number;
  column: number;
  message: string;
}

/**
 * A scenario file that cannot be used. The message names the file, line and column of the first
 * problem (`file:line:column: problem`); `problems` holds every problem found in the file.
 */
export class ScenarioError extends Error {
  readonly code = 'E_SCENARIO';
  readonly file: string;
  readonly line: number | undefined;
  readonly column: number | undefined;
  readonly problems: readonly ScenarioProblem[];
  constructor(file: string, line: number | undefined, problem: string, column?: number, problems?: readonly ScenarioProblem[]) {
    super(`${file}${line ? `:${line}${column ? `:${column}` : ''}` : ''}: ${problem}`);
    this.name = 'ScenarioError';
    this.file = file;
    this.line = line;
    this.column = column;
    this.problems = problems ?? [{ file, line: line ?? 0, column: column ?? 0, message: problem }];
  }
}
