import type { Step } from './types.js';
import { profileFor } from '../protocol-profile.js';
import { MAX_VALUES, MIN_INTERVAL_SEC } from '../v21/event-streams.js';
import { allow, durationOf, onFailOf, withDefined, type ParseCtx, type StepParser } from './parse-support.js';
import type { Src } from './yaml-source.js';

/**
 * `periodicEventStream: { interval, values, duration }` (OCPP 2.1 N08): opens a stream, sends
 * NotifyPeriodicEventStream every `interval` with `values` readings for `duration`, closes it.
 */
function parsePeriodicEventStream(args: Src, line: number, ctx: ParseCtx, _scope: unknown, step: Src): Step | undefined {
  if (!allow(args, 'periodicEventStream', ['interval', 'values', 'duration', 'onFail'], ctx)) return undefined;
  let ok = true;
  if (!profileFor(ctx.protocol).eventStreams) {
    ctx.problems.add(step.pos(), `periodicEventStream needs a protocol with periodic event streams (ocpp2.1), not ${ctx.protocol}`);
    ok = false;
  }
  const intervalSrc = args.get('interval');
  const intervalMs = intervalSrc === undefined ? 1000 : durationOf(intervalSrc, 'periodicEventStream.interval', ctx);
  if (intervalMs !== undefined && intervalMs < MIN_INTERVAL_SEC * 1000) {
    ctx.problems.add((intervalSrc as Src).pos(), `periodicEventStream.interval must be at least ${MIN_INTERVAL_SEC * 1000}ms`);
    ok = false;
  }
  const valuesSrc = args.get('values');
  const values = valuesSrc === undefined ? 1 : valuesSrc.value;
  if (!Number.isInteger(values) || (values as number) < 1 || (values as number) > MAX_VALUES) {
    ctx.problems.add((valuesSrc ?? args).pos(), `periodicEventStream.values must be an integer from 1 to ${MAX_VALUES}`);
    ok = false;
  }
  const durationSrc = args.get('duration');
  if (durationSrc === undefined) ctx.problems.add(args.pos(), 'periodicEventStream needs a duration (how long the stream runs), e.g. duration: 30s');
  const durationMs = durationSrc === undefined ? undefined : durationOf(durationSrc, 'periodicEventStream.duration', ctx);
  if (!ok || intervalMs === undefined || durationMs === undefined) return undefined;
  return withDefined({ type: 'periodicEventStream', line, intervalMs, values: values as number, durationMs }, { onFail: onFailOf(args, ctx) });
}

/** Parsers of the steps of OCPP 2.1 additions. */
export const STREAM_STEPS: Readonly<Record<string, StepParser>> = { periodicEventStream: parsePeriodicEventStream };
