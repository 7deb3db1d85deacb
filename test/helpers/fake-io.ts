import type { Io } from '../../src/cli/io.js';

/** An Io for `main` that collects stdout and stderr and lets the test fire the interrupt handler. */
export interface FakeIo {
  io: Io;
  stdout(): string;
  stderr(): string;
  /** stderr split into non-empty lines. */
  stderrLines(): string[];
  /** Calls the handler `main` registered with onInterrupt, as SIGINT would; false when none is registered. */
  interrupt(): boolean;
}

export function fakeIo(cwd: string, env: Record<string, string | undefined> = {}): FakeIo {
  const out: string[] = [];
  const err: string[] = [];
  const handlers = new Set<() => void>();
  const io: Io = {
    stdout: { write: (text: string) => { out.push(text); return true; }, isTTY: false },
    stderr: { write: (text: string) => { err.push(text); return true; } },
    env,
    cwd,
    onInterrupt(handler) {
      handlers.add(handler);
      return () => { handlers.delete(handler); };
    },
  };
  return {
    io,
    stdout: () => out.join(''),
    stderr: () => err.join(''),
    stderrLines: () => err.join('').split('\n').filter((line) => line.length > 0),
    interrupt() {
      if (handlers.size === 0) return false;
      for (const handler of [...handlers]) handler();
      return true;
    },
  };
}
