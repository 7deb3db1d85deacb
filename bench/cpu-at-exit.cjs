// Preloaded (`node -r`) by ab-boot.js into each measured child: at exit, prints the process's CPU
// (user + system of all its threads, ms) and its voluntary and involuntary context switches to stderr.
const { readFileSync } = require('node:fs');

process.on('exit', () => {
  const { user, system } = process.cpuUsage();
  const status = readFileSync('/proc/self/status', 'utf8');
  const field = (name) => Number(new RegExp(`^${name}:\\s+(\\d+)`, 'm').exec(status)?.[1] ?? NaN);
  process.stderr.write(`@cpu-at-exit ${Math.round((user + system) / 1000)} ${field('voluntary_ctxt_switches')} ${field('nonvoluntary_ctxt_switches')}\n`);
});
