import type { GatewayHooks } from '../gateway/hooks.js';
import type { Payload } from '../protocol/frame.js';
import type { OcppVersion } from '../protocol/versions.js';

/** The CALL by which a central system starts a transaction, per version, with a valid payload; `n` numbers the remote starts. */
export function remoteStartCall(protocol: OcppVersion, n: number): [string, Payload] {
  return protocol === 'ocpp1.6'
    ? ['RemoteStartTransaction', { connectorId: 1, idTag: 'REMOTE' }]
    : ['RequestStartTransaction', { idToken: { idToken: 'REMOTE', type: 'Central' }, remoteStartId: n, evseId: 1 }];
}

/** What sends the CALLs: the gateway's `call`. */
type Call = (chargePointId: string, action: string, payload: Payload) => Promise<Payload>;

// The first Heartbeat of a connection: the charge point is booted and past its set-up steps.
const HEARTBEAT_CALL = /^\s*\[\s*2\s*,\s*"[^"]*"\s*,\s*"Heartbeat"/;

/**
 * Hooks that make a gateway start one transaction per connection: `delayMs` after a charge
 * point's first Heartbeat on a connection, it sends RemoteStartTransaction (1.6) or
 * RequestStartTransaction (2.0.1, with the connection's subprotocol). Answers and failures are
 * ignored (the simulator counts them). Timers are cleared on disconnect and by `stop()`; the
 * per-connection state lives only as long as the connection.
 */
export function remoteStartHooks(delayMs: number, call: () => Call): { hooks: Required<Pick<GatewayHooks, 'onConnect' | 'onDisconnect' | 'onMessage'>>; stop(): void } {
  const connections = new Map<string, { protocol: OcppVersion; timer: NodeJS.Timeout | undefined; done: boolean }>();
  let sent = 0;
  return {
    hooks: {
      onConnect: (e) => { connections.set(e.chargePointId, { protocol: e.protocol, timer: undefined, done: false }); },
      onDisconnect: (e) => {
        clearTimeout(connections.get(e.chargePointId)?.timer);
        connections.delete(e.chargePointId);
      },
      onMessage: (e) => {
        if (e.direction !== 'in') return;
        const connection = connections.get(e.chargePointId);
        if (!connection || connection.done || !HEARTBEAT_CALL.test(e.text)) return;
        connection.done = true;
        connection.timer = setTimeout(() => {
          connection.timer = undefined;
          const [action, payload] = remoteStartCall(connection.protocol, ++sent);
          call()(e.chargePointId, action, payload).catch(() => {});
        }, delayMs);
      },
    },
    stop: () => {
      for (const connection of connections.values()) clearTimeout(connection.timer);
      connections.clear();
    },
  };
}
