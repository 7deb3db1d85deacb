import { processSources, ToolProbe } from '../../metrics/tool-probe.js';
import { fleetExposition } from '../../runner/fleet-exposition.js';
import { emptyFleetSnapshot, type FleetView } from '../../runner/fleet.js';
import { startMetricsServer, type MetricsServer } from '../../runner/metrics-server.js';
import type { Output } from './output.js';

/**
 * `--metrics-port PORT [--metrics-host HOST]` (or `--out prometheus=[HOST:]PORT`): Prometheus text
 * at `http://HOST:PORT/metrics` from `start` until `close`. Each scrape takes an encoded snapshot
 * of the attached fleet (with `--workers`, the parent's exact merge of the workers' latest
 * snapshots) rendered by fleetExposition, beside the load of this process (`main`) and of each
 * worker; before `attach`, this process's load and an empty fleet. `start` rejects with one line
 * when it cannot listen.
 */
export function prometheusOutput(host: string, port: number, label = '--out prometheus'): Output<unknown> {
  let probe: ToolProbe | undefined;
  let server: MetricsServer | undefined;
  let fleet: FleetView | undefined;
  const render = (): string => {
    const processes = [{ name: 'main', stats: probe?.sample() }, ...(fleet?.processes?.() ?? [])];
    return fleetExposition(fleet ? fleet.snapshot(true) : emptyFleetSnapshot(0), processes);
  };
  return {
    label,
    async start() {
      const sampling = new ToolProbe(processSources());
      probe = sampling;
      server = await startMetricsServer(host, port, render).catch((error: unknown) => {
        sampling.close();
        probe = undefined;
        throw error;
      });
      return `metrics served at ${server.url}`;
    },
    attach: (live) => { fleet = live; },
    async close() {
      probe?.close();
      probe = undefined;
      await server?.close();
      server = undefined;
    },
  };
}
