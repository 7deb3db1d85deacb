/** All the CLI's contact with the outside world, injected so tests can run `main` in-process. */
export interface Io {
  stdout: { write(text: string): unknown; isTTY?: boolean; columns?: number };
  stderr: { write(text: string): unknown };
  env: Readonly<Record<string, string | undefined>>;
  cwd: string;
  /** The interactive terminal, present only when stdin and stdout are both TTYs: where the dashboard draws. */
  terminal?: { input: NodeJS.ReadStream; output: NodeJS.WriteStream };
  /**
   * Calls `handler` on SIGINT/SIGTERM, at once (on the next tick) when one came already, since
   * the start of the process; returns a function that unsubscribes.
   */
  onInterrupt(handler: () => void): () => void;
}

/**
 * The real process: stdout, stderr, environment, signals. From its creation SIGINT and SIGTERM
 * no longer end the process: they are remembered and handed to the subscribers of
 * `onInterrupt`, so a Ctrl-C between two phases of a command is never lost.
 * `interruptedBefore` says one came before (bin/ocpp-sim.js listens while modules load).
 */
export function processIo(interruptedBefore = false): Io {
  const handlers = new Set<() => void>();
  let interrupted = interruptedBefore;
  const onSignal = (): void => {
    interrupted = true;
    for (const handler of [...handlers]) handler();
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  // A reader that went away (`ocpp-sim run --help | head -1`, `| grep -q`) needs no more output:
  // EPIPE ends the writing, not the command (its files are still written, its exit code kept).
  for (const stream of [process.stdout, process.stderr]) {
    stream.on('error', (error: NodeJS.ErrnoException) => { if (error.code !== 'EPIPE') throw error; });
  }
  return {
    stdout: process.stdout,
    stderr: process.stderr,
    env: process.env,
    cwd: process.cwd(),
    ...(process.stdin.isTTY && process.stdout.isTTY ? { terminal: { input: process.stdin, output: process.stdout } } : {}),
    onInterrupt(handler) {
      handlers.add(handler);
      if (interrupted) process.nextTick(() => { if (handlers.has(handler)) handler(); });
      return () => { handlers.delete(handler); };
    },
  };
}
