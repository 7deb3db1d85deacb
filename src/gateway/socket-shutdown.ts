import WebSocket from 'ws';

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
