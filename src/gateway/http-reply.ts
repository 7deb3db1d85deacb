import type { ServerResponse } from 'node:http';

/** Writes a whole response once; nothing when the headers went out already or the socket is gone. */
export function send(res: ServerResponse, status: number, text: string, contentType: string): void {
  if (res.headersSent || res.destroyed) return;
  res.writeHead(status, { 'content-type': contentType, 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

/** `send` with a JSON body. */
export const sendJson = (res: ServerResponse, status: number, body: unknown): void => send(res, status, JSON.stringify(body), 'application/json; charset=utf-8');
