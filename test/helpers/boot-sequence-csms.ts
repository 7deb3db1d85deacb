import type { AddressInfo } from 'node:net';
import { WebSocketServer } from 'ws';
import { withTimeout } from './wait.js';

/** One CALL a charge point sent, with when it arrived (performance.now(), ms). */
export interface BootSequenceCall {
  chargePointId: string;
  at: number;
  action: string;
  payload: Record<string, unknown>;
}

/**
 * A minimal OCPP 1.6 central system (127.0.0.1, port 0) whose BootNotification answers follow
 * a script per charge point: `statuses[0]` for the first boot, `statuses[1]` for the second, …,
 * the last one repeated (e.g. Pending, then Accepted). Other CALLs get minimal valid answers.
 * It records every CALL, for tests of how a charge point handles a central system that is not
 * ready for it yet (OCPP 1.6 §4.2).
 */
export class BootSequenceCsms {
  readonly calls: BootSequenceCall[] = [];
  private readonly wss: WebSocketServer;
  private readonly boots = new Map<string, number>();

  private constructor(wss: WebSocketServer, statuses: readonly string[], intervalSec: number) {
    this.wss = wss;
    wss.on('connection', (ws, request) => {
      const id = decodeURIComponent((request.url ?? '').split('/').pop() ?? '');
      ws.on('message', (data) => {
        const [type, messageId, action, payload] = JSON.parse(data.toString()) as [number, string, string, Record<string, unknown>];
        if (type !== 2) return;
        this.calls.push({ chargePointId: id, at: performance.now(), action, payload });
        let answer: Record<string, unknown> = {};
        const now = new Date().toISOString();
        if (action === 'BootNotification') {
          const n = this.boots.get(id) ?? 0;
          this.boots.set(id, n + 1);
          answer = { status: statuses[Math.min(n, statuses.length - 1)], currentTime: now, interval: intervalSec };
        } else if (action === 'Heartbeat') answer = { currentTime: now };
        ws.send(JSON.stringify([3, messageId, answer]));
      });
    });
  }

  static async start(statuses: readonly string[], intervalSec = 1): Promise<BootSequenceCsms> {
    const wss = new WebSocketServer({
      host: '127.0.0.1', port: 0, perMessageDeflate: false,
      handleProtocols: (offered) => (offered.has('ocpp1.6') ? 'ocpp1.6' : false),
    });
    await withTimeout(new Promise<void>((resolve) => wss.once('listening', () => resolve())), 2000, 'the boot-sequence CSMS to listen');
    return new BootSequenceCsms(wss, statuses, intervalSec);
  }

  /** The endpoint charge points append `/{id}` to. */
  get url(): string {
    return `ws://127.0.0.1:${(this.wss.address() as AddressInfo).port}/ocpp`;
  }

  /** Terminates every socket and closes the server. */
  close(): Promise<void> {
    for (const ws of this.wss.clients) ws.terminate();
    return withTimeout(new Promise<void>((resolve) => this.wss.close(() => resolve())), 2000, 'the boot-sequence CSMS to close');
  }
}
