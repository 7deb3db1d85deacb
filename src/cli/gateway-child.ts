import { startGatewayCluster } from '../gateway/cluster/primary.js';
import type { GatewayOptions } from '../gateway/options.js';
import { startGateway, type Gateway } from '../gateway/server.js';
import type { EmbeddedBehaviour } from './embedded-gateway.js';
import { scriptedCallHooks } from '../gateway/scripted-calls.js';
import { remoteStartHooks } from './remote-start.js';
import { composeHooks } from '../gateway/compose-hooks.js';

/** What the embedded gateway's process runs: one gateway, or the primary of its cluster workers. */
interface Running {
  url: string;
  urls?: readonly string[];
  port: number;
  close(): Promise<void>;
  outage(durationMs: number): unknown;
}

/**
 * Entry of the embedded gateway's own process, forked by `run`: starts the gateway with the
 * options passed as JSON in argv[2] (as argv[3] node:cluster workers when more than 1, each on a
 * port of its own so no connection passes this process, whose errors, such as a worker dying,
 * go to stderr), reports `{type:'ready', url}` over IPC, and
 * starts a simulated outage when told `{type:'outage', durationMs}`, and closes when the parent
 * disconnects or sends SIGTERM/SIGINT.
 */
async function child(): Promise<void> {
  // Ctrl-C reaches the whole process group: the parent decides when this gateway stops (SIGTERM), even while it starts.
  process.on('SIGINT', () => {});
  const options = JSON.parse(process.argv[2] ?? '{}') as GatewayOptions;
  const workers = Number(process.argv[3] ?? '1');
  const behaviour = JSON.parse(process.argv[4] ?? '{}') as EmbeddedBehaviour;
  let single: Gateway | undefined;
  const call = () => (id: string, action: string, payload: Record<string, unknown>) => (single as Gateway).call(id, action, payload);
  const remoteStart = behaviour.remoteStartAfterMs === undefined ? undefined : remoteStartHooks(behaviour.remoteStartAfterMs, call);
  const scripted = behaviour.scriptedCalls?.length ? scriptedCallHooks(behaviour.scriptedCalls, call) : undefined;
  let gateway: Running;
  try {
    gateway = workers > 1
      ? await startGatewayCluster({ ...options, exclusivePort: true, workers, logLevel: 'error', log: (line) => process.stderr.write(`embedded gateway: ${line}\n`) })
      : single = await startGateway({ ...options, ...composeHooks(remoteStart?.hooks, scripted?.hooks) });
  } catch (error) {
    process.send?.({ type: 'error', message: (error as Error).message });
    process.exitCode = 1;
    process.disconnect?.();
    return;
  }
  const running = gateway;
  let closing = false;
  const shutdown = (): void => {
    if (closing) return;
    closing = true;
    remoteStart?.stop();
    scripted?.stop();
    void running.close().finally(() => process.exit(0));
  };
  process.on('SIGTERM', shutdown);
  process.on('disconnect', shutdown);
  // `run --outage`: the parent says when the central system goes down.
  process.on('message', (message: { type?: string; durationMs?: number }) => {
    if (message.type === 'outage' && typeof message.durationMs === 'number') void Promise.resolve(running.outage(message.durationMs)).catch(() => {});
  });
  process.send?.({ type: 'ready', url: running.url, urls: running.urls ?? [running.url], port: running.port });
}

void child();
