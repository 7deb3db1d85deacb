// The tables of the benchmark and the targets of issue #7, computed from the measured figures.

const fmt = (v) => (v === null || v === undefined ? 'n/a' : typeof v === 'number' ? v.toLocaleString('en-US') : String(v));
const fmtRatio = (r) => (r === null ? 'n/a' : r.toFixed(2));
const cell = (side, key) => (side.failed ? 'FAILED' : fmt(typeof key === 'function' ? key(side) : side[key]));
/** ocpp-sim / floor to two decimals, or null when either figure is missing or not positive (an RSS delta can be, at small N). */
export function ratioOf(sim, floor, key) {
  const get = (side) => (side.failed ? undefined : typeof key === 'function' ? key(side) : side[key]);
  const [a, b] = [get(sim), get(floor)];
  return typeof a === 'number' && typeof b === 'number' && a > 0 && b > 0 ? Math.round((a / b) * 100) / 100 : null;
}

const CAPACITY_FIGURES = [
  ['time to all booted (ms)', 'allBootedMs'],
  ['RSS per charge point (KB)', 'rssPerCpKB'],
  ['peak RSS (MB)', 'rssPeakMB'],
  ['CPU ms / 1000 msgs, whole run', 'cpuMsPer1000Msgs'],
  ['CPU ms / 1000 msgs, steady heartbeats', 'steadyCpuMsPer1000Msgs'],
];
const THROUGHPUT_FIGURES = [
  ['round trips per second', 'roundTripsPerSec'],
  ['latency p50 (ms)', (s) => s.latency?.p50],
  ['latency p99 (ms)', (s) => s.latency?.p99],
  ['latency max (ms)', (s) => s.latency?.max],
  ['CPU ms / 1000 msgs', 'steadyCpuMsPer1000Msgs'],
  ['client CPU % (of one core)', 'steadyCpuPct'],
  ['gateway CPU % (of one core)', 'gatewayCpuPct'],
  ['peak RSS (MB)', 'rssPeakMB'],
];

/** The capacity table: one row per N and figure. */
export function capacityTable(rows) {
  const out = ['| N | figure | ocpp-sim | floor (bare ws) | ocpp-sim / floor |', '|---:|---|---:|---:|---:|'];
  for (const { count, sim, floor } of rows) {
    for (const [label, key] of CAPACITY_FIGURES) out.push(`| ${fmt(count)} | ${label} | ${cell(sim, key)} | ${cell(floor, key)} | ${fmtRatio(ratioOf(sim, floor, key))} |`);
  }
  return out.join('\n');
}

/** The raw figures of every capacity run, for checking the table. */
export function capacityDetails(rows) {
  const out = ['| N | side | booted | errors | messages | baseline RSS (MB) | settled RSS (MB) | CPU ms total | steady window (s) | steady messages | steady CPU % | gateway CPU % |', '|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|'];
  for (const { count, sim, floor } of rows) {
    for (const [side, r] of [['ocpp-sim', sim], ['floor', floor]]) {
      out.push(r.failed
        ? `| ${fmt(count)} | ${side} | FAILED: ${r.failed.replace(/\|/g, '/')} ||||||||||`
        : `| ${fmt(count)} | ${side} | ${fmt(r.booted)} | ${fmt(r.errors)} | ${fmt(r.messages)} | ${r.rssBaselineMB} | ${r.rssSettledMB} | ${fmt(r.cpuMsTotal)} | ${(r.steadyMs / 1000).toFixed(1)} | ${fmt(r.steadyMessages)} | ${fmt(r.steadyCpuPct)} | ${fmt(r.gatewayCpuPct)} |`);
    }
  }
  return out.join('\n');
}

/** The throughput table: one row per figure, from each side's median round, then every round's rate. */
export function throughputTable({ sim, floor, rounds }) {
  const out = ['| figure | ocpp-sim | floor (bare ws) | ocpp-sim / floor |', '|---|---:|---:|---:|'];
  for (const [label, key] of THROUGHPUT_FIGURES) out.push(`| ${label} | ${cell(sim, key)} | ${cell(floor, key)} | ${fmtRatio(ratioOf(sim, floor, key))} |`);
  const extra = (s) => (s.failed ? 'FAILED' : `${fmt(s.latency?.count)} round trips timed, ${fmt(s.steadyMessages)} messages in the ${(s.steadyMs / 1000).toFixed(1)} s window, errors ${fmt(s.errors)}`);
  out.push(`| what was counted | ${extra(sim)} | ${extra(floor)} | |`);
  const every = (runs) => runs.map((r) => (r.failed ? 'FAILED' : fmt(r.roundTripsPerSec))).join(' · ');
  out.push(`| round trips per second, every round in run order (median shown above) | ${every(rounds.sim)} | ${every(rounds.floor)} | |`);
  return out.join('\n');
}

/**
 * Every target of issue #7 with its measured value and whether it is met. A ratio is compared
 * as shown (two decimals); a missing figure is not met.
 */
export function targetRows({ capacity = [], throughput, bootTarget }) {
  const rows = [];
  const check = (target, where, value, ok, shown = fmtRatio(value ?? null)) => rows.push({ target, where, shown, met: value === null || value === undefined ? null : ok(value) });
  for (const { count, sim, floor } of capacity) {
    check('RSS per charge point ≤ 1.5× floor', `capacity, N=${fmt(count)}`, ratioOf(sim, floor, 'rssPerCpKB'), (r) => r <= 1.5);
  }
  for (const { count, sim, floor } of capacity) {
    check('CPU per message ≤ 1.5× floor', `capacity, N=${fmt(count)}, whole run`, ratioOf(sim, floor, 'cpuMsPer1000Msgs'), (r) => r <= 1.5);
    check('CPU per message ≤ 1.5× floor', `capacity, N=${fmt(count)}, steady heartbeats`, ratioOf(sim, floor, 'steadyCpuMsPer1000Msgs'), (r) => r <= 1.5);
  }
  if (throughput) {
    const { sim, floor, count } = throughput;
    check('CPU per message ≤ 1.5× floor', `throughput, ${fmt(count)} charge points`, ratioOf(sim, floor, 'steadyCpuMsPer1000Msgs'), (r) => r <= 1.5);
    check('closed-loop round trips per second ≥ 0.8× floor', `throughput, ${fmt(count)} charge points`, ratioOf(sim, floor, 'roundTripsPerSec'), (r) => r >= 0.8);
  }
  const tenK = capacity.find((r) => r.count === bootTarget.count);
  if (tenK) {
    const ms = tenK.sim.failed ? null : tenK.sim.allBootedMs;
    const floorMs = tenK.floor.failed ? 'n/a' : fmt(tenK.floor.allBootedMs);
    check(`${fmt(bootTarget.count)} booted in ≤ 10 s (ocpp-sim)`, `capacity, ramp ${fmt(bootTarget.rate)}/s`, ms, (v) => v <= 10000, `${fmt(ms)} ms (floor: ${floorMs} ms)`);
  }
  return rows;
}

export function targetsTable(rows) {
  const out = ['| target | workload | measured (ocpp-sim / floor) | result |', '|---|---|---:|---|'];
  for (const r of rows) out.push(`| ${r.target} | ${r.where} | ${r.shown} | ${r.met === null ? 'no figure' : r.met ? 'met' : '**not met**'} |`);
  const met = rows.filter((r) => r.met).length;
  return `${out.join('\n')}\n\n${met} of ${rows.length} met.`;
}
