import { createServer as createHttpServer, type IncomingMessage, type Server as HttpServer } from 'node:http';
import { createServer as createNetServer, type AddressInfo, type Socket } from 'node:net';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type ServerOptions, type WebSocket } from 'ws';
import { withTimeout } from './wait.js';

/** A real `ws` server on 127.0.0.1, port 0, that remembers each connection and its upgrade request. */
export interface TestWsServer {
  wss: WebSocketServer;
  url: string;
  connections: Array<{ socket: WebSocket; request: IncomingMessage }>;
  close(): Promise<void>;
}

export async function startWsServer(options: Omit<ServerOptions, 'host' | 'port' | 'server' | 'noServer'> = {}): Promise<TestWsServer> {
  const wss = new WebSocketServer({ ...options, host: '127.0.0.1', port: 0 });
  await withTimeout(new Promise<void>((resolve) => wss.once('listening', () => resolve())), 2000, 'the ws server to listen');
  const connections: TestWsServer['connections'] = [];
  wss.on('connection', (socket, request) => { connections.push({ socket, request }); });
  const { port } = wss.address() as AddressInfo;
  return {
    wss,
    url: `ws://127.0.0.1:${port}/ocpp/CP001`,
    connections,
    close: () => {
      for (const client of wss.clients) client.terminate();
      return withTimeout(new Promise<void>((resolve) => wss.close(() => resolve())), 2000, 'the ws server to close');
    },
  };
}

/** An HTTP server whose `upgrade` handler decides per request; sockets are tracked so close() is prompt. */
export interface TestHttpServer {
  server: HttpServer;
  url: string;
  upgrades: number;
  close(): Promise<void>;
}

export async function startUpgradeServer(onUpgrade: (request: IncomingMessage, socket: Duplex, head: Buffer, n: number) => void): Promise<TestHttpServer> {
  const server = createHttpServer();
  const sockets = new Set<Socket>();
  server.on('connection', (socket) => { sockets.add(socket); socket.on('close', () => sockets.delete(socket)); });
  const result: TestHttpServer = {
    server,
    url: '',
    upgrades: 0,
    close: () => {
      for (const socket of sockets) socket.destroy();
      return withTimeout(new Promise<void>((resolve) => server.close(() => resolve())), 2000, 'the http server to close');
    },
  };
  server.on('upgrade', (request, socket, head) => {
    result.upgrades++;
    onUpgrade(request, socket, head, result.upgrades);
  });
  await withTimeout(new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve())), 2000, 'the http server to listen');
  result.url = `ws://127.0.0.1:${(server.address() as AddressInfo).port}/ocpp/CP001`;
  return result;
}

const REASONS: Record<number, string> = { 401: 'Unauthorized', 403: 'Forbidden', 404: 'Not Found', 503: 'Service Unavailable' };

/** Answers a WebSocket upgrade with a plain HTTP status and hangs up, as a CSMS refusing a charge point does. */
export function refuseUpgrade(socket: Duplex, status: number, headers: Readonly<Record<string, string>> = {}): void {
  socket.once('finish', () => socket.destroy());
  const extra = Object.entries(headers).map(([name, value]) => `${name}: ${value}\r\n`).join('');
  socket.end(`HTTP/1.1 ${status} ${REASONS[status] ?? 'Error'}\r\nConnection: close\r\n${extra}Content-Length: 0\r\n\r\n`);
}

/** A TCP server that accepts connections and never answers: the handshake can only time out. */
export async function startSilentServer(): Promise<{ url: string; close(): Promise<void> }> {
  const sockets = new Set<Socket>();
  const server = createNetServer((socket) => { sockets.add(socket); socket.on('close', () => sockets.delete(socket)); });
  await withTimeout(new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve())), 2000, 'the tcp server to listen');
  return {
    url: `ws://127.0.0.1:${(server.address() as AddressInfo).port}/ocpp/CP001`,
    close: () => {
      for (const socket of sockets) socket.destroy();
      return withTimeout(new Promise<void>((resolve) => server.close(() => resolve())), 2000, 'the tcp server to close');
    },
  };
}

/** A URL on 127.0.0.1 where nothing listens: a port that was just bound and released. */
export async function closedPortUrl(): Promise<string> {
  const server = createNetServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return `ws://127.0.0.1:${port}/ocpp/CP001`;
}
