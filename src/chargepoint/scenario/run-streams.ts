import type { Step } from './types.js';
import { checked, isClosed, sleep, type Flow } from './runtime.js';

type StepOf<T extends Step['type']> = Extract<Step, { type: T }>;

/**
 * `periodicEventStream`: opens a stream through the profile (2.1 OpenPeriodicEventStream), lets
 * it send for `durationMs`, then closes it. A refused or failed open is a failed check; the
 * connection ending ends the flow (its streams end with it).
 */
export async function runPeriodicEventStream(step: StepOf<'periodicEventStream'>, flow: Flow): Promise<boolean> {
  const { cp } = flow.run;
  const streams = cp.profile.eventStreams;
  if (!streams) return checked(flow, step, `periodicEventStream: ${cp.profile.version} has no periodic event streams`);
  try {
    const id = await streams.open(cp, { intervalSec: step.intervalMs / 1000, values: step.values });
    if (id === undefined) return checked(flow, step, 'periodicEventStream: the CSMS did not accept OpenPeriodicEventStream');
    if (!(await sleep(flow, step.durationMs))) return false;
    await streams.close(cp, id);
    return checked(flow, step);
  } catch (error) {
    if (isClosed(error)) return false;
    return checked(flow, step, `periodicEventStream: ${(error as Error).message}`);
  }
}
