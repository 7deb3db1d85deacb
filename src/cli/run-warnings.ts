import { chargePointId } from '../runner/fleet.js';
import { shardDue, type Shard } from '../runner/shard.js';

/** What the warnings of a run look at: the resolved settings and where each came from. */
export interface WarningInput {
  /** Settings given by a flag, a variable or the config file (camelCase keys), not left at their default. */
  explicit: ReadonlySet<string>;
  /** How each setting was named where it came from, e.g. `--trace-ids` or `OCPP_SIM_TRACE_IDS`. */
  label: (key: string) => string;
  url: string | undefined;
  count: number;
  shard: Shard | undefined;
  ratePerSec: number;
  durationMs: number;
  idPrefix: string;
  /** The id of the charge point with fleet index i when its data row gives one; default: the prefix and the index. */
  idOf?: (index: number) => string;
  /** Every charge point takes its id from a data file's `id` column, so `idPrefix` names none. */
  idsFromData?: boolean;
  trace: string | undefined;
  traceIds: ReadonlySet<string> | undefined;
  /** `--workers` as given, and the charge points this process's run holds. */
  workers: number | undefined;
  /** The scenario steps that ask the central system for a CALL (`requestCall`, `updateFirmware`, `reserve`), by name. */
  requestSteps?: readonly string[];
}

/** Settings that only shape the embedded gateway, ignored with `--url`. */
export const EMBEDDED_ONLY = ['gatewayResponseDelay', 'heartbeatInterval', 'gatewayBootStatus', 'gatewayRemoteStart'] as const;

const seconds = (ms: number): string => `${Number((ms / 1000).toFixed(1))}s`;

/**
 * Every setting of a run that will be ignored or contradicts another, as one line each, said
 * before the run starts. Pure.
 */
export function runWarnings(input: WarningInput): string[] {
  const warnings: string[] = [];
  const { explicit, label } = input;
  if (input.traceIds && !input.trace) warnings.push(`${label('traceIds')} is ignored without --trace (it picks the charge points whose frames --trace writes)`);
  if (input.traceIds && input.trace) {
    const idOf = input.idOf ?? ((i: number): string => chargePointId(input.idPrefix, i, input.count));
    const ids = new Set<string>();
    for (let i = 0; i < input.count; i++) if (!input.shard || i % input.shard.total === input.shard.index) ids.add(idOf(i));
    const unknown = [...input.traceIds].filter((id) => !ids.has(id));
    if (unknown.length > 0) {
      const first = idOf(input.shard?.index ?? 0);
      warnings.push(`${label('traceIds')}: ${unknown.slice(0, 5).join(', ')}${unknown.length > 5 ? ` and ${unknown.length - 5} more` : ''} ${unknown.length === 1 ? 'is' : 'are'} not in this fleet (ids run ${first} … ${idOf(input.count - 1)}); nothing is traced for ${unknown.length === 1 ? 'it' : 'them'}`);
    }
  }
  if (input.idsFromData && explicit.has('idPrefix')) warnings.push(`${label('idPrefix')} is ignored: every charge point takes its id from the id column of its data file`);
  if (input.url) {
    for (const key of EMBEDDED_ONLY) if (explicit.has(key)) warnings.push(`${label(key)} is ignored with --url (it shapes the embedded gateway only)`);
    if (input.requestSteps?.length) {
      warnings.push(`the scenario's ${input.requestSteps.join(', ')} steps ask ocpp-sim's gateway (embedded, or ocpp-sim gateway) for central-system CALLs (DataTransfer ocpp-sim/RequestCall); any other central system answers UnknownVendorId and the steps fail: send those CALLs from it instead`);
    }
  }
  const inThisRun = shardDue(input.count, input.shard);
  if (input.workers !== undefined && input.workers > inThisRun) {
    warnings.push(`${label('workers')} ${input.workers} with ${inThisRun} charge point${inThisRun === 1 ? '' : 's'}: using ${inThisRun} worker process${inThisRun === 1 ? '' : 'es'} (one per charge point at most)`);
  }
  if (input.ratePerSec > 0) {
    const rampMs = (inThisRun / input.ratePerSec) * 1000;
    if (rampMs > input.durationMs) {
      const started = Math.min(inThisRun, Math.floor((input.durationMs / 1000) * input.ratePerSec));
      warnings.push(`the ramp outlasts the run: ${inThisRun} charge points at --rate ${input.ratePerSec}/s take ${seconds(rampMs)} to start, --duration is ${seconds(input.durationMs)}; about ${started} will start (raise --rate or --duration)`);
    }
  }
  return warnings;
}
