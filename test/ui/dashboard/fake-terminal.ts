import { EventEmitter } from 'node:events';
import { Writable } from 'node:stream';

/** A terminal of 80×24 that keeps what is written to it. */
export function fakeTerminal() {
  const chunks: string[] = [];
  const stdout = Object.assign(new Writable({ write(chunk, _enc, done) { chunks.push(String(chunk)); done(); } }), { isTTY: true, columns: 80, rows: 24 });
  const rawModes: boolean[] = [];
  let pending: string | null = null;
  const events = new EventEmitter();
  const stdin = Object.assign(events, {
    isTTY: true,
    setRawMode(on: boolean) { rawModes.push(on); return this; },
    setEncoding() { return this; },
    ref() { return this; },
    unref() { return this; },
    resume() { return this; },
    pause() { return this; },
    read() { const data = pending; pending = null; return data; },
    type(data: string) { pending = data; events.emit('readable'); },
  });
  return {
    stdout: stdout as unknown as NodeJS.WriteStream, stdin: stdin as unknown as NodeJS.ReadStream,
    output: () => chunks.join(''), type: (data: string) => stdin.type(data), rawModes,
  };
}
