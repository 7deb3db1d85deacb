// Shared by fleet-probe.js and bare-client.js, so both sides are measured exactly the same way.
// RSS is sampled every 500 ms; CPU is process.cpuUsage() (user + system) of this process only,
// plus, when BENCH_GATEWAY_PID names it, the gateway process's CPU over the same steady window
// (from /proc, Linux only).
import { readFileSync } from 'node:fs';

const MB = 1024 * 1024;
const TICK_MS = 10; // USER_HZ of /proc/<pid>/stat is 100 on Linux

/** CPU ms (user + system) of another process so far, or undefined when /proc cannot tell. */
function processCpuMs(pid) {
  if (!pid) return undefined;
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return (Number(fields[11]) + Number(fields[12])) * TICK_MS; // utime, stime (fields 14, 15 of stat(5))
  } catch {
    return undefined;
  }
}

/**
 * `state()` returns { booted, allBooted, messages, roundTrips }. The steady phase starts at the
 * second sample after every client has been booted (0.5-1 s later, so the boot-time messages are
 * done); `state()` is polled every 500 ms until then, and once more at the end.
 */
export function createMeter(state) {
  globalThis.gc?.();
  const gatewayPid = Number(process.env.BENCH_GATEWAY_PID) || undefined;
  const baseline = process.memoryUsage.rss();
  const cpu0 = process.cpuUsage();
  let peak = baseline;
  let seenAllBooted = 0;
  let steady; // { at, cpu, gatewayCpu, messages, roundTrips }
  const timer = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage.rss());
    if (steady) return; // state() is not polled during the steady phase, so polling costs nothing there
    const s = state();
    if (s.allBooted && ++seenAllBooted === 2) {
      steady = { at: performance.now(), cpu: process.cpuUsage(), gatewayCpu: processCpuMs(gatewayPid), messages: s.messages, roundTrips: s.roundTrips };
    }
  }, 500);
  const cpuMs = (u) => (u.user + u.system) / 1000;
  return {
    /** Call at the end of the run, before closing anything: the settled RSS and the CPU figures. */
    finish(extra) {
      clearInterval(timer);
      const s = state();
      const cpuTotal = cpuMs(process.cpuUsage(cpu0));
      const steadyCpu = steady ? cpuMs(process.cpuUsage(steady.cpu)) : undefined;
      const gatewayCpu = steady ? processCpuMs(gatewayPid) : undefined;
      const steadyMs = steady ? performance.now() - steady.at : 0;
      globalThis.gc?.();
      const settled = process.memoryUsage.rss();
      peak = Math.max(peak, settled);
      const steadyMessages = steady ? s.messages - steady.messages : 0;
      const steadyRoundTrips = steady ? s.roundTrips - steady.roundTrips : 0;
      const r1 = (x) => (x === undefined || Number.isNaN(x) ? null : Math.round(x * 10) / 10);
      return {
        ...extra,
        rssBaselineMB: r1(baseline / MB), rssPeakMB: r1(peak / MB), rssSettledMB: r1(settled / MB),
        rssPerCpKB: s.allBooted ? r1((settled - baseline) / 1024 / extra.count) : null,
        cpuMsTotal: Math.round(cpuTotal), messages: s.messages,
        cpuMsPer1000Msgs: s.messages ? r1(cpuTotal / (s.messages / 1000)) : null,
        steadyMs: Math.round(steadyMs), steadyMessages,
        steadyCpuMsPer1000Msgs: steadyMessages ? r1(steadyCpu / (steadyMessages / 1000)) : null,
        steadyCpuPct: steadyMs ? r1((100 * steadyCpu) / steadyMs) : null,
        gatewayCpuPct: steadyMs && gatewayCpu !== undefined && steady.gatewayCpu !== undefined ? r1((100 * (gatewayCpu - steady.gatewayCpu)) / steadyMs) : null,
        roundTripsPerSec: steadyMs ? Math.round(steadyRoundTrips / (steadyMs / 1000)) : null,
      };
    },
  };
}
