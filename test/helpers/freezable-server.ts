import { createServer, type Server } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';
import { withTimeout } from './wait.js';

/** One accepted WebSocket with the TCP socket under it and when it was accepted (performance.now(), ms). */
export interface FrozenCandidate {
  ws: WebSocket;
  tcp: Socket;
  at: number;
  /** Pings the server saw on it (only counted while it reads). */
  pings: number;
}

/**
 * A `ws` server (127.0.0.1, port 0, offers ocpp1.6) whose connections a test can freeze: the
 * TCP socket stops being read (`socket.pause()`), so pings pile up unread and no pong is ever
 * sent, and nothing is closed — no FIN, no close frame. This is a half-open link as a charge
 * point sees it when a NAT box or a crashed host drops the connection silently. `ws` answers
 * pings by itself, so pausing the socket under it is the only way to make it stop.
 */
export class FreezableServer {
  readonly connections: FrozenCandidate[] = [];
  private readonly http: Server;
  private readonly wss = new WebSocketServer({ noServer: true, perMessageDeflate: false, handleProtocols: (offered) => (offered.has('ocpp1.6') ? 'ocpp1.6' : false) });
  private readonly sockets = new Set<Socket>();
  private readonly freeze: (n: number) => boolean;

  private constructor(freeze: (n: number) => boolean) {
    this.freeze = freeze;
    this.http = createServer();
    this.http.on('connection', (socket) => { this.sockets.add(socket); socket.on('close', () => this.sockets.delete(socket)); });
    this.http.on('upgrade', (request, socket, head) => {
      this.wss.handleUpgrade(request, socket, head, (ws) => {
        const entry: FrozenCandidate = { ws, tcp: socket as Socket, at: performance.now(), pings: 0 };
        this.connections.push(entry);
        ws.on('ping', () => { entry.pings++; });
        ws.on('error', () => {});
        if (this.freeze(this.connections.length)) entry.tcp.pause();
      });
    });
  }

  /** Starts a server that freezes connection number `n` (1-based) right after its upgrade when `freeze(n)` is true. */
  static async start(freeze: (n: number) => boolean): Promise<FreezableServer> {
    const server = new FreezableServer(freeze);
    await withTimeout(new Promise<void>((resolve) => server.http.listen(0, '127.0.0.1', () => resolve())), 2000, 'the freezable server to listen');
    return server;
  }

  /** The URL of charge point `id`. */
  url(id = 'CP001'): string {
    return `ws://127.0.0.1:${(this.http.address() as AddressInfo).port}/ocpp/${id}`;
  }

  /** Destroys every socket, frozen or not, and closes the server. */
  close(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    this.wss.close();
    return withTimeout(new Promise<void>((resolve) => this.http.close(() => resolve())), 2000, 'the freezable server to close');
  }
}
