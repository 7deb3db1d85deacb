import type { Timer } from '../../clock/scheduler.js';
import type { Payload } from '../../protocol/frame.js';
import type { ChargePoint } from '../charge-point.js';
import { meterNow } from '../meter.js';

/** How often a stream sends and how many readings each NotifyPeriodicEventStream carries (PeriodicEventStreamParamsType). */
export interface EventStreamParams {
  /** Seconds between two NotifyPeriodicEventStream SENDs (`interval`), at least MIN_INTERVAL_SEC. */
  intervalSec: number;
  /** Readings per SEND (`values`), spread evenly over the interval, 1..MAX_VALUES. */
  values: number;
}

/** Shortest interval a stream accepts, in seconds: 100 SENDs a second per stream at most. */
export const MIN_INTERVAL_SEC = 0.01;
/** Most readings per SEND accepted. */
export const MAX_VALUES = 1000;

interface EventStream {
  readonly id: number;
  params: EventStreamParams;
  readonly generation: number;
  timer: Timer | null;
}

/** The streams of one charge point on its current connection, and the id of the next one. */
export interface EventStreams {
  nextId: number;
  readonly open: Map<number, EventStream>;
}

const paramsPayload = ({ intervalSec, values }: EventStreamParams): Payload => ({ interval: Math.max(0, Math.round(intervalSec)), values });

function streamsOf(cp: ChargePoint): EventStreams {
  return (cp.eventStreams ??= { nextId: 1, open: new Map() });
}

/** The reading a stream samples: the energy register of EVSE 1, in Wh (Energy.Active.Import.Register). */
const reading = (cp: ChargePoint): string => meterNow(cp, 1).toFixed(1);

function schedule(cp: ChargePoint, stream: EventStream): void {
  const intervalMs = stream.params.intervalSec * 1000;
  stream.timer = cp.ctx.scheduler.schedule(intervalMs, () => {
    stream.timer = null;
    if (stream.generation !== cp.generation || cp.eventStreams?.open.get(stream.id) !== stream) return;
    const { values, intervalSec } = stream.params;
    const data = Array.from({ length: values }, (_, i) => ({ t: Number(((i * intervalSec) / values).toFixed(3)), v: reading(cp) }));
    const basetime = new Date(Date.now() - intervalSec * 1000).toISOString();
    try {
      if (!cp.send('NotifyPeriodicEventStream', { id: stream.id, pending: 0, basetime, data })) return;
    } catch (error) {
      cp.ctx.recorder.noteError(cp.id, `NotifyPeriodicEventStream: ${(error as Error).message}`);
      return;
    }
    schedule(cp, stream);
  });
}

/**
 * Opens a periodic event stream (OCPP 2.1 N08: OpenPeriodicEventStream) and, once the CSMS
 * Accepted it, sends NotifyPeriodicEventStream SENDs every `intervalSec` with `values` readings
 * each, until it is closed or the connection ends. Resolves with the stream id, or undefined
 * when the CSMS did not accept it. Rejects like any CALL (CallError, timeout, closed).
 */
export async function openEventStream(cp: ChargePoint, params: EventStreamParams): Promise<number | undefined> {
  const streams = streamsOf(cp);
  const id = streams.nextId++;
  const generation = cp.generation;
  const answer = await cp.call('OpenPeriodicEventStream', { constantStreamData: { id, variableMonitoringId: id, params: paramsPayload(params) } });
  if (answer.status !== 'Accepted' || generation !== cp.generation) return undefined;
  const stream: EventStream = { id, params: { ...params }, generation, timer: null };
  streams.open.set(id, stream);
  schedule(cp, stream);
  return id;
}

/** Stops sending on stream `id` and tells the CSMS (ClosePeriodicEventStream); nothing when it is not open. */
export async function closeEventStream(cp: ChargePoint, id: number): Promise<void> {
  const stream = cp.eventStreams?.open.get(id);
  if (!stream) return;
  stream.timer?.cancel();
  cp.eventStreams?.open.delete(id);
  if (stream.generation === cp.generation) await cp.call('ClosePeriodicEventStream', { id });
}

/** AdjustPeriodicEventStream (CSMS → station): new interval/values for an open stream; false for an unknown stream or values out of range. */
export function adjustEventStream(cp: ChargePoint, id: number, params: { interval?: number; values?: number }): boolean {
  const stream = cp.eventStreams?.open.get(id);
  if (!stream || stream.generation !== cp.generation) return false;
  const intervalSec = params.interval ?? stream.params.intervalSec;
  const values = params.values ?? stream.params.values;
  if (intervalSec < MIN_INTERVAL_SEC || values < 1 || values > MAX_VALUES) return false;
  stream.params = { intervalSec, values };
  stream.timer?.cancel();
  schedule(cp, stream);
  return true;
}

/** GetPeriodicEventStream (CSMS → station): the ConstantStreamDataType of every open stream. */
export function describeEventStreams(cp: ChargePoint): Payload[] {
  return [...(cp.eventStreams?.open.values() ?? [])].filter((s) => s.generation === cp.generation)
    .map((s) => ({ id: s.id, variableMonitoringId: s.id, params: paramsPayload(s.params) }));
}

/** Ends every stream of `cp` without telling the CSMS: the connection they belonged to is gone. */
export function endEventStreams(cp: ChargePoint): void {
  for (const stream of cp.eventStreams?.open.values() ?? []) stream.timer?.cancel();
  cp.eventStreams = null;
}
