import type { GatewayOptions } from '../gateway/options.js';
import { startGateway } from '../gateway/server.js';

/**
 * Entry of the embedded gateway's own process, forked by `run`: starts the gateway with the
 * options passed as JSON in argv[2], reports `{type:'ready', url}` over IPC, and closes when the
 * parent disconnects or sends SIGTERM/SIGINT.
 */
async function child(): Promise<void> {
  const options = JSON.parse(process.argv[2] ?? '{}') as GatewayOptions;
  let gateway;
  try {
    gateway = await startGateway(options);
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
    void running.close().finally(() => process.exit(0));
  };
  process.on('SIGTERM', shutdown);
  process.on('SIGINT', () => {});
  process.on('disconnect', shutdown);
  process.send?.({ type: 'ready', url: running.url, port: running.port });
}

void child();
