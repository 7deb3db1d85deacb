// The benchmark's child processes: the gateway, and one measuring child per run.
import { spawn } from 'node:child_process';
import { join } from 'node:path';

const children = new Set();
process.on('SIGINT', () => {
  for (const c of children) c.kill('SIGKILL');
  process.exit(130);
});

export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** Keeps the last lines of a stream, for error messages. */
function tail(stream, keep = 15) {
  const lines = [];
  let rest = '';
  stream.on('data', (d) => {
    const parts = (rest + d).split('\n');
    rest = parts.pop();
    lines.push(...parts);
    if (lines.length > keep) lines.splice(0, lines.length - keep);
  });
  return () => [...lines, rest].filter(Boolean).join('\n');
}

/**
 * Starts `ocpp-sim gateway` with `args` in its own process; resolves with { gw, url, stderr, stop }
 * once it prints its URL (within 15 s). `stop()` sends SIGINT and resolves with its exit code, or
 * a message when it had to be killed.
 */
export function startGateway(root, args) {
  const gw = spawn(process.execPath, ['bin/ocpp-sim.js', 'gateway', ...args], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
  children.add(gw);
  const stderr = tail(gw.stderr);
  const stop = async () => {
    if (gw.exitCode !== null) return `exited early (${gw.exitCode})`;
    gw.kill('SIGINT');
    const result = await Promise.race([
      new Promise((r) => gw.once('exit', (code, sig) => r(sig ?? code))),
      sleep(15000).then(() => { gw.kill('SIGKILL'); return 'killed: did not stop within 15 s of SIGINT'; }),
    ]);
    children.delete(gw);
    return result;
  };
  return new Promise((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => { gw.kill('SIGKILL'); reject(new Error(`gateway did not print its URL within 15 s\n${stderr()}`)); }, 15000);
    gw.stdout.on('data', (d) => {
      out += d;
      const m = /listening on (ws:\/\/127\.0\.0\.1:\d+\/ocpp)\/\{chargePointId\}/.exec(out);
      if (m) { clearTimeout(timer); out = ''; resolve({ gw, url: m[1], stderr, stop }); }
      if (out.length > 10000) out = out.slice(-1000);
    });
    gw.on('exit', (code, sig) => { clearTimeout(timer); reject(new Error(`gateway exited early (${sig ?? code})\n${stderr()}`)); });
  });
}

/**
 * Runs one measuring child (`node --expose-gc bench/<script> <args…>`, the gateway's pid in
 * BENCH_GATEWAY_PID); resolves with its last JSON line, or rejects with a clear message when it
 * fails or outlives `limitMs`.
 */
export function runChild(root, script, args, { gatewayPid, limitMs }) {
  const label = `${script} ${args.slice(1).join(' ')}`;
  const env = { ...process.env, BENCH_GATEWAY_PID: String(gatewayPid ?? '') };
  const child = spawn(process.execPath, ['--expose-gc', join('bench', script), ...args.map(String)], { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'] });
  children.add(child);
  const stderr = tail(child.stderr);
  let stdout = '';
  child.stdout.on('data', (d) => { stdout += d; });
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), limitMs);
    child.on('error', (e) => reject(new Error(`${label} could not start: ${e.message}`)));
    child.on('exit', (code, sig) => {
      clearTimeout(timer);
      children.delete(child);
      const last = stdout.trim().split('\n').filter((l) => l.startsWith('{')).pop();
      let result;
      try { result = last && JSON.parse(last); } catch { /* reported below */ }
      if (code === 0 && result) return resolve(result);
      const why = sig === 'SIGKILL' ? `killed after ${limitMs / 1000} s` : sig ? `killed by ${sig}` : `exit code ${code}`;
      reject(new Error(`${label} failed (${why})${result ? `: ${JSON.stringify(result)}` : ''}\n${stderr() || '(no stderr)'}`));
    });
  });
}
