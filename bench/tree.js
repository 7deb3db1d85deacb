// Whole process trees measured from /proc (Linux): a spawned command and every process below it,
// sampled each second: RSS summed over the live processes, CPU (user + sys) of every process seen,
// kept from its last sample so a worker that exits still counts.
import { readdirSync, readFileSync } from 'node:fs';

const TICK_MS = 10; // USER_HZ of /proc/<pid>/stat
const PAGE_KB = 4;

function stat(pid) {
  try {
    const text = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
    // After the command: state(0) ppid(1) … utime(11) stime(12) … rss(21), see proc(5).
    return { ppid: Number(fields[1]), cpuMs: (Number(fields[11]) + Number(fields[12])) * TICK_MS, rssKB: Number(fields[21]) * PAGE_KB };
  } catch {
    return undefined;
  }
}

/** CPU time (user + sys) of one process so far, in ms; undefined once it is gone. */
export function cpuMsOf(pid) {
  return stat(pid)?.cpuMs;
}

/** The pids of `root` and all its descendants now. */
export function treePids(root) {
  const parent = new Map();
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    const s = stat(name);
    if (s) parent.set(Number(name), s.ppid);
  }
  const tree = new Set([root]);
  let grew = true;
  while (grew) {
    grew = false;
    for (const [pid, ppid] of parent) if (!tree.has(pid) && tree.has(ppid)) { tree.add(pid); grew = true; }
  }
  return [...tree].filter((pid) => parent.has(pid));
}

/** What a process of an ocpp-sim run is, from its command line. */
function roleOf(pid) {
  try {
    const cmd = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
    if (cmd.includes('worker-main.js')) return 'gateway worker';
    if (cmd.includes('gateway-child.js')) return 'gateway primary';
    if (cmd.includes('worker-child.js')) return 'fleet worker';
    if (cmd.includes('ocpp-sim.js')) return 'run (parent)';
    return cmd.split('\0').slice(0, 2).join(' ');
  } catch {
    return 'gone';
  }
}

/**
 * Samples the tree of `rootPid` every `everyMs`: `sample()` now, `stop()` the timer. Each sample is
 * { t (ms since start), rssMB (sum), cpuMs (sum of every process seen so far), processes };
 * `perProcess` keeps each pid's role, peak RSS (MB), last CPU ms and its first RSS (MB).
 */
export function watchTree(rootPid, everyMs = 1000) {
  const t0 = performance.now();
  const lastCpu = new Map();
  const perProcess = new Map();
  const samples = [];
  const sample = () => {
    let rssKB = 0;
    const pids = treePids(rootPid);
    for (const pid of pids) {
      const s = stat(pid);
      if (!s) continue;
      rssKB += s.rssKB;
      lastCpu.set(pid, s.cpuMs);
      const known = perProcess.get(pid) ?? { pid, role: roleOf(pid), firstRssMB: s.rssKB / 1024, peakRssMB: 0, cpuMs: 0, lastRssMB: 0 };
      known.peakRssMB = Math.max(known.peakRssMB, s.rssKB / 1024);
      known.lastRssMB = s.rssKB / 1024;
      known.cpuMs = s.cpuMs;
      perProcess.set(pid, known);
    }
    const cpuMs = [...lastCpu.values()].reduce((a, b) => a + b, 0);
    const row = { t: Math.round(performance.now() - t0), rssMB: Math.round(rssKB / 102.4) / 10, cpuMs, processes: pids.length };
    samples.push(row);
    return row;
  };
  sample();
  const timer = setInterval(sample, everyMs);
  return { samples, perProcess, sample, stop: () => clearInterval(timer) };
}

/** The CPU ms of the tree between the samples nearest to `fromMs` and `toMs` after the start. */
export function cpuBetween(samples, fromMs, toMs) {
  const at = (ms) => samples.reduce((best, s) => (Math.abs(s.t - ms) < Math.abs(best.t - ms) ? s : best), samples[0]);
  const a = at(fromMs);
  const b = at(toMs);
  return { cpuMs: b.cpuMs - a.cpuMs, ms: b.t - a.t };
}
