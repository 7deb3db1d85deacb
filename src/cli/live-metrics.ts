import { processSources, ToolProbe } from '../metrics/tool-probe.js';
import { fleetExposition } from '../runner/fleet-exposition.js';
import { emptyFleetSnapshot, type FleetView } from '../runner/fleet.js';
import { startMetricsServer } from '../runner/metrics-server.js';
import { CliError } from './errors.js';
import { EXIT } from './exit-codes.js';
import type { Io } from './io.js';

/** The `--metrics-port` server of a run: serves this process's load until the fleet is attached, then the fleet's figures too. */
export interface LiveMetrics {
  /** The fleet (or the merged view of the workers) whose figures to serve from now on. */
  attach(fleet: FleetView): void;
  close(): Promise<void>;
}

/**
 * Starts serving Prometheus text on `where` and says where on stderr. Each scrape takes an
 * encoded snapshot of the attached fleet (with `--workers`, the parent's exact merge of the
 * workers' latest snapshots) and renders it with fleetExposition, beside the load of this
 * process (`main`) and of each worker. A port that cannot be listened on is a CliError, exit 1.
 */
export async function startLiveMetrics(where: { host: string; port: number }, io: Io): Promise<LiveMetrics> {
  const probe = new ToolProbe(processSources());
  let fleet: FleetView | undefined;
  const render = (): string => {
    const processes = [{ name: 'main', stats: probe.sample() }, ...(fleet?.processes?.() ?? [])];
    return fleetExposition(fleet ? fleet.snapshot(true) : emptyFleetSnapshot(0), processes);
  };
  const server = await startMetricsServer(where.host, where.port, render).catch((error: Error) => {
    probe.close();
    throw new CliError(`--metrics-port: ${error.message}`, EXIT.RUN_FAILED);
  });
  io.stderr.write(`metrics served at ${server.url}\n`);
  return {
    attach: (view) => { fleet = view; },
    close: async () => {
      probe.close();
      await server.close();
    },
  };
}
