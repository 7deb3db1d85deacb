import { startGateway, type Gateway, type GatewayOptions } from '../../src/gateway/server.js';

/** An in-process gateway that also counts every charge point connection it ever accepted. */
export interface WatchedGateway {
  gateway: Gateway;
  url: string;
  /** Charge point connections accepted since the start (from the gateway's own log lines). */
  accepted(): number;
  close(): Promise<void>;
}

/**
 * Starts a real gateway on 127.0.0.1 port 0 (heartbeat interval 1 s unless `options` says
 * otherwise) and counts the `<id> connected from <address>` lines it logs, so a test can show
 * that nothing ever connected, not only that nothing is connected now.
 */
export async function startWatchedGateway(options: GatewayOptions = {}): Promise<WatchedGateway> {
  let accepted = 0;
  const gateway = await startGateway({
    port: 0, heartbeatIntervalSec: 1, ...options,
    log: (line) => {
      if (/ connected from /.test(line)) accepted++;
      options.log?.(line);
    },
  });
  return { gateway, url: gateway.url, accepted: () => accepted, close: () => gateway.close() };
}

/** Runs `fn` with a watched gateway (see startWatchedGateway), closed afterwards whatever happens. */
export async function withWatchedGateway(options: GatewayOptions, fn: (gateway: WatchedGateway) => Promise<void>): Promise<void> {
  const gateway = await startWatchedGateway(options);
  try {
    await fn(gateway);
  } finally {
    await gateway.close();
  }
}
