import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { Scenario } from '../chargepoint/scenario/types.js';
import type { GatewayOptions } from '../gateway/options.js';
import type { ScriptedCall } from '../gateway/scripted-calls.js';
import { CliError } from './errors.js';
import { EXIT } from './exit-codes.js';

const CHILD = fileURLToPath(new URL('./gateway-child.js', import.meta.url));

/** What the embedded gateway does beyond answering, set by `run`'s --gateway-* flags (one gateway process only). */
export interface EmbeddedBehaviour {
  /** Start a transaction on every connection this long after its first Heartbeat (RemoteStartTransaction / RequestStartTransaction), in ms. */
  remoteStartAfterMs?: number;
  /** The `csms:` CALLs of the run's scenarios (gateway/scripted-calls.ts). */
  scriptedCalls?: ScriptedCall[];
}

/** The `csms:` entries of every scenario of a run, each for the charge points speaking that scenario's protocol. */
export function scriptedCallsOf(scenarios: readonly Scenario[]): ScriptedCall[] {
  return scenarios.flatMap((s) => (s.csms ?? []).map(({ on, afterMs, action, payload }) => ({ protocol: s.protocol, on, afterMs, action, payload })));
}

/** The embedded gateway running in a child process of its own. */
export interface EmbeddedGateway {
  url: string;
  /** Every URL it serves: one, or with worker processes one per worker (charge points are spread over them). */
  urls: readonly string[];
  /** Starts a simulated outage of `durationMs` now (every connection dropped, upgrades refused). */
  outage(durationMs: number): void;
  /**
   * Called once if the gateway process ends on its own after it was ready (killed, crashed), with
   * how: `code 1` or `signal SIGKILL`. Not called for an end that `stop` asked for.
   */
  onExit: ((how: string) => void) | undefined;
  /** Stops the child: SIGTERM, then SIGKILL if it has not exited within 5 s (its cluster workers end with it). */
  stop(): Promise<void>;
}

/**
 * Forks the embedded gateway in its own process, so the fleet and the gateway each get a core
 * and an open-file budget, and resolves with its URL once it listens (within `timeoutMs`).
 * With `workers` > 1 that process is the node:cluster primary of `workers` gateway processes
 * sharing its port, each with an open-file budget of its own. `behaviour` applies to one
 * process only (hooks do not cross to cluster workers).
 */
export function startEmbeddedGateway(options: GatewayOptions, workers = 1, timeoutMs = 20_000, behaviour: EmbeddedBehaviour = {}): Promise<EmbeddedGateway> {
  const child = fork(CHILD, [JSON.stringify(options), String(workers), JSON.stringify(behaviour)], { stdio: ['ignore', 'ignore', 'inherit', 'ipc'] });
  return new Promise((resolve, reject) => {
    const fail = (message: string): void => {
      clearTimeout(timer);
      child.kill('SIGKILL');
      reject(new CliError(`embedded gateway: ${message}`, EXIT.RUN_FAILED));
    };
    const timer = setTimeout(() => fail(`did not start within ${timeoutMs} ms`), timeoutMs);
    child.once('error', (error) => fail(error.message));
    child.once('exit', (code) => fail(`exited with code ${code} before it was ready`));
    child.on('message', (message: { type: string; url?: string; urls?: string[]; message?: string }) => {
      if (message.type === 'error') return fail(message.message ?? 'failed to start');
      if (message.type !== 'ready' || !message.url) return;
      clearTimeout(timer);
      child.removeAllListeners('exit');
      let stopping = false;
      const gateway: EmbeddedGateway = {
        url: message.url, urls: message.urls ?? [message.url], onExit: undefined,
        stop: () => { stopping = true; return stopChild(child); },
        outage: (durationMs) => { if (child.connected) child.send({ type: 'outage', durationMs }, () => {}); },
      };
      child.once('exit', (code, signal) => { if (!stopping) gateway.onExit?.(signal ? `signal ${signal}` : `code ${code}`); });
      resolve(gateway);
    });
  });
}

function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const kill = setTimeout(() => child.kill('SIGKILL'), 5000);
    child.once('exit', () => {
      clearTimeout(kill);
      resolve();
    });
    child.kill('SIGTERM');
  });
}
