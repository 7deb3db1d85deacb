import WebSocket from 'ws';
import type { Scheduler } from '../clock/scheduler.js';

/** How long a peer gets to answer our close frame before its socket is destroyed, in milliseconds. */
export const CLOSE_GRACE_MS = 2_000;

/**
 * Starts the closing handshake of one socket and destroys it if it is not closed within
 * CLOSE_GRACE_MS (ws itself would wait 30 s): a refused or replaced socket holds its slot
 * under maxConnections for 2 s at most, whatever the peer does.
 */
export function closeWithin(ws: WebSocket, code: number, reason: string, scheduler: Scheduler): void {
  if (ws.readyState !== WebSocket.OPEN && ws.readyState !== WebSocket.CONNECTING) return;
  ws.close(code, reason);
  scheduler.schedule(CLOSE_GRACE_MS, () => {
    if (ws.readyState !== WebSocket.CLOSED) ws.terminate();
  });
}

/**
 * Starts the closing handshake on every socket and resolves once all of them are closed.
 * Sockets still open after `graceMs` milliseconds are destroyed, so this settles within
 * about `graceMs` whatever the peers do.
 */
export async function closeSockets(sockets: readonly WebSocket[], code: number, reason: string, graceMs: number): Promise<void> {
  const open = sockets.filter((ws) => ws.readyState !== WebSocket.CLOSED);
  if (open.length === 0) return;
  const closed = open.map((ws) => new Promise<void>((resolve) => {
    ws.once('close', () => resolve());
    if (ws.readyState === WebSocket.OPEN || ws.readyState === WebSocket.CONNECTING) ws.close(code, reason);
  }));
  const deadline = setTimeout(() => {
    for (const ws of open) if (ws.readyState !== WebSocket.CLOSED) ws.terminate();
  }, graceMs);
  try {
    await Promise.all(closed);
  } finally {
    clearTimeout(deadline);
  }
}
