/** All the CLI's contact with the outside world, injected so tests can run `main` in-process. */
export interface Io {
  stdout: { write(text: string): unknown; isTTY?: boolean; columns?: number };
  stderr: { write(text: string): unknown };
  env: Readonly<Record<string, string | undefined>>;
  cwd: string;
  /** The interactive terminal, present only when stdin and stdout are both TTYs: where the dashboard draws. */
  terminal?: { input: NodeJS.ReadStream; output: NodeJS.WriteStream };
  /** Calls `handler` on SIGINT/SIGTERM; returns a function that unsubscribes. */
  onInterrupt(handler: () => void): () => void;
}

/** The real process: stdout, stderr, environment, signals. */
export function processIo(): Io {
  return {
    stdout: process.stdout,
    stderr: process.stderr,
    env: process.env,
    cwd: process.cwd(),
    ...(process.stdin.isTTY && process.stdout.isTTY ? { terminal: { input: process.stdin, output: process.stdout } } : {}),
    onInterrupt(handler) {
      process.on('SIGINT', handler);
      process.on('SIGTERM', handler);
      return () => {
        process.off('SIGINT', handler);
        process.off('SIGTERM', handler);
      };
    },
  };
}
