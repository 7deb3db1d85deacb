// Shared by fleet-probe.js and bare-client.js, so both sides are measured exactly the same way.
// RSS is sampled every 500 ms; CPU is process.cpuUsage() (user + system) of this process only.
const MB = 1024 * 1024;

/**
 * `state()` returns { booted, allBooted, messages }. The steady phase starts at the second
 * sample after every client has been booted (0.5-1 s later, so the StatusNotifications are done);
 * `state()` is polled every 500 ms until then, and once more at the end.
 */
export function createMeter(state) {
  globalThis.gc?.();
  const baseline = process.memoryUsage.rss();
  const cpu0 = process.cpuUsage();
  let peak = baseline;
  let seenAllBooted = 0;
  let steady; // { at, cpu, messages }
  const timer = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage.rss());
    if (steady) return; // state() is not polled during the steady phase, so polling costs nothing there
    const s = state();
    if (s.allBooted && ++seenAllBooted === 2) steady = { at: performance.now(), cpu: process.cpuUsage(), messages: s.messages };
  }, 500);
  const cpuMs = (u) => (u.user + u.system) / 1000;
  return {
    /** Call at the end of the run, before closing anything: the settled RSS and the CPU figures. */
    finish(extra) {
      clearInterval(timer);
      const s = state();
      const cpuTotal = cpuMs(process.cpuUsage(cpu0));
      const steadyCpu = steady ? cpuMs(process.cpuUsage(steady.cpu)) : undefined;
      globalThis.gc?.();
      const settled = process.memoryUsage.rss();
      peak = Math.max(peak, settled);
      const steadyMs = steady ? performance.now() - steady.at : 0;
      const steadyMessages = steady ? s.messages - steady.messages : 0;
      const r1 = (x) => (x === undefined ? null : Math.round(x * 10) / 10);
      return {
        ...extra,
        rssBaselineMB: r1(baseline / MB), rssPeakMB: r1(peak / MB), rssSettledMB: r1(settled / MB),
        rssPerCpKB: s.allBooted ? r1((settled - baseline) / 1024 / extra.count) : null,
        cpuMsTotal: Math.round(cpuTotal), messages: s.messages,
        cpuMsPer1000Msgs: s.messages ? r1(cpuTotal / (s.messages / 1000)) : null,
        steadyMs: Math.round(steadyMs), steadyMessages,
        steadyCpuMsPer1000Msgs: steadyMessages ? r1(steadyCpu / (steadyMessages / 1000)) : null,
        steadyCpuPct: steadyMs ? r1((100 * steadyCpu) / steadyMs) : null,
      };
    },
  };
}
