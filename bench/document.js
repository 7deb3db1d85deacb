// The generated block of docs/benchmarks.md: how the benchmark was run, its tables, and how each
// figure is measured.

/** Markdown of one benchmark run; `tables` holds the rendered tables (null for a workload not run). */
export function benchmarkMarkdown({ command, date, machine, gatewayArgs, gatewayExit, rate, heartbeatS, counts, capacityMs, throughput, tables }) {
  const k = throughput?.count ?? 100;
  const rounds = throughput?.rounds.sim.length ?? 5;
  const capacity = tables.capacity ?? '_Not run (the command left the capacity workload out)._';
  const closedLoop = tables.throughput ?? '_Not run (the command left the throughput workload out)._';
  return `## ocpp-sim against a bare \`ws\` client (\`npm run bench\`)

How much of one machine ocpp-sim needs per simulated charge point and per message, and how many
round trips it drives, compared with a floor: a bare \`ws\` client (\`bench/bare-client.js\`) that
does nothing but the OCPP-J framing of the same workload, measured in the same run against the same
gateway. A benchmark, not a test: the figures depend on the machine and on what else runs on it.

### Targets (issue #7)

Computed from the tables below: a ratio is ocpp-sim / floor, compared as shown (two decimals).

${tables.targets}

### Run

- Command: \`${command}\`, with dist/ built from the current src/ (\`npm run bench\` builds, then runs
  \`node bench/capacity.js\`: every workload at the default sizes)
- Date: ${date}
- Machine: ${machine.os}; ${machine.cpu}; ${machine.cores} cores; ${machine.ramGB} GB RAM; Node ${machine.node}
- Load average (1/5/15 min) at start: ${machine.load}; at the end: ${machine.loadAfter}.
  The machine may be shared: other processes may have been running, so take the CPU and time figures as indicative.
- Gateway: \`node bin/ocpp-sim.js gateway ${gatewayArgs}\` on 127.0.0.1: the embedded gateway in its own
  process, as \`ocpp-sim run\` starts it (\`--log-level warn\`: not a line per connection; the one \`run\` forks
  logs nothing). One process for the whole benchmark, stopped with SIGINT at the end
  (${gatewayExit === 0 ? 'it exited 0' : `result: ${gatewayExit}`}); it shares the ${machine.cores} cores with the client under measurement.
- Order: one discarded warm-up (1000 bare clients for 4 s) warms the gateway up; then the capacity workload
  for each N, ocpp-sim first and the floor second; then the throughput workload ${rounds} times per side,
  alternating which side goes first (ocpp-sim, floor, floor, ocpp-sim, ...). Every run is a new process,
  3 s after the previous one ended.

### Workloads (both sides)

Every charge point is a WebSocket to \`ws://127.0.0.1:PORT/ocpp/<id>\` (subprotocol \`ocpp1.6\`, no
permessage-deflate), started at **${rate.toLocaleString('en-US')} per second** with at most 200 handshakes in flight.

- **Capacity** (N = ${counts.map((n) => n.toLocaleString('en-US')).join(', ')}): BootNotification, then StatusNotification for connectors 0, 1, 2
  (one CALL outstanding at a time), then Heartbeat every ${heartbeatS} s (the interval of the gateway's
  BootNotification answer), each charge point on its own schedule from its own boot. Each run lasts
  ${capacityMs(1000) / 1000} s (N / ${rate} s + 23 s when longer): every charge point booted by 3 s after the ramp sends exactly
  two heartbeats, 10 and 20 s after its boot, and none a third, so both sides send the same messages.
- **Throughput** (closed loop, ${k} charge points): BootNotification, then Heartbeat back to back: each
  charge point sends the next CALL as soon as the previous CALLRESULT has arrived, for 15 s from the
  first connection attempt. With one CALL outstanding per connection (OCPP-J 1.6 §4.1.1), ${k} connections
  keep ${k} round trips in flight, and in a closed loop mean latency = ${k} / rate (Little's law). ${k} is a
  fleet rather than a few hot sockets (sessions, scenario state and timers of many charge points are
  exercised), yet few enough that the latency stays a few ms of service time rather than queueing: with
  1,000 the p50 is mostly waiting behind the other 999 round trips (30-40 ms in trials on a 2-core machine).

The two sides:

- **ocpp-sim** (\`bench/fleet-probe.js\`): \`runLoadTest()\` from \`dist/runner/run.js\` - the code path of
  \`ocpp-sim run\` without the progress lines - with the CLI's defaults (concurrency 200, call timeout 30 s,
  schema validation on, back-off 1 s..30 s) except the rate and the keep-alive: WebSocket pings are off
  (\`--ping-interval 0\`) so both sides put the same frames on the wire (the floor sends none; with the
  default 30 s ping ocpp-sim sends one more small frame per charge point per 30 s, and with 10,000
  charge points that showed as about +7 ms CPU per 1000 messages in the steady phase); the scenario is
  \`scenarios/boot-heartbeat-status.yaml\` (capacity) or \`bench/closed-loop.yaml\` (throughput: \`boot\`, then
  \`repeat: { for: 15s, steps: [ call: { action: Heartbeat } ] }\`).
- **floor** (\`bench/bare-client.js\`): \`ws\` sockets, \`JSON.stringify\`/\`JSON.parse\`, one \`setInterval\`
  per socket for its heartbeats, the next closed-loop CALL sent from the message handler; no validation,
  no pending-call table, no timeouts, no metrics beyond an array of round-trip times.

### Capacity

The **booted** target: with the ramp at ${rate.toLocaleString('en-US')}/s the last of 10,000 charge points starts at 5 s,
so "time to all booted" at N = 10,000 says whether the fleet boots 10,000 in 10 s with 5 s of margin
for the handshakes and BootNotifications. (At \`ocpp-sim run\`'s default \`--rate 1000\` the ramp alone
takes 10 s: pass \`--rate 2000\` or more to boot 10,000 within 10 s.)

${capacity}

### Throughput (closed loop, ${k} charge points, 15 s)

Each side's figures come from its median round of ${rounds} by round trips per second (rounds alternate which side
goes first), so one round that hit a busy or a quiet moment of the machine does not decide the ratio; the
last row lists every round, so the spread is visible.

${closedLoop}

### How each figure is measured

Each side runs in its own child process (\`node --expose-gc\`), measured by the same code (\`bench/measure.js\`).

- **Time to all booted**: from the start of the ramp until the N-th charge point had its BootNotification
  Accepted (ocpp-sim: the fleet snapshot's \`allBootedMs\`). The ramp alone takes about N / ${rate} s.
- **RSS per charge point**: (RSS at the end of the run - RSS before any charge point exists) / N, both read
  right after a forced \`gc()\`. The baseline includes the loaded code (ocpp-sim's modules, ajv schemas), so
  this is the marginal cost of one more connected, booted, heartbeating charge point.
- **Peak RSS**: the highest of \`process.memoryUsage.rss()\` sampled every 500 ms (and at the end).
- **CPU ms / 1000 msgs, whole run**: \`process.cpuUsage()\` user + system of the client process from before
  the first connection to the end of the run, divided by the OCPP messages it sent and received (CALLs and
  their answers; WebSocket handshakes and pings are not counted as messages but their CPU is included).
- **Steady window**: from the second 500 ms sample after all charge points were booted (0.5-1 s after, when
  the boot-time messages are done) to the end of the run. **CPU ms / 1000 msgs, steady heartbeats** (capacity)
  and **CPU ms / 1000 msgs** (throughput) are the client's CPU in that window over the messages in it;
  **client CPU %** is that CPU over the window's length; **gateway CPU %** is the gateway process's CPU
  (\`/proc/PID/stat\`, 10 ms ticks) over the same window, read by the measuring child.
- **Heartbeat timing**: both sides send each charge point's heartbeat every ${heartbeatS} s counted from its own boot
  (ocpp-sim: its timer wheel, from the \`heartbeat\` step; the floor: a \`setInterval\` per socket started after
  its last StatusNotification answer), so the heartbeats of a fleet are spread over the interval as the ramp
  spread the boots. Earlier versions of this benchmark had the floor send every heartbeat from one
  \`setInterval\` on its own 10 s marks - N sends in one tick - which made its steady CPU per message look
  cheaper (ocpp-sim / floor was 2.65 at 10,000) by comparing a batched burst with a spread load; the ratio
  now compares the same pattern.
- **Round trips per second** (throughput): Heartbeat CALLRESULTs received in the steady window / its length
  (about 14 s of the 15).
- **Latency** (throughput): every Heartbeat round trip of the run, CALL about to be written → CALLRESULT
  parsed. ocpp-sim: its own Heartbeat histogram from the run result (HdrHistogram, µs, 3 significant digits).
  Floor: \`performance.now()\` around each call into an array, put after the run into the same histogram
  module (\`dist/metrics/histogram.js\`), so p50/p99/max are computed exactly the same way on both sides.
  Both include the first round trips after boot, before the JIT has warmed up, which weigh on the max.
- **Noise**: the RSS figures move with V8's heap sizing and GC timing, most at small N (at N=1000, ocpp-sim's
  RSS per charge point has been seen at 13.2 KB in one run and 31.7 KB in the next); the CPU and throughput
  figures move with whatever else the machine runs, and on ${machine.cores} cores the gateway and the client compete.
  Trust the larger N, and rerun before comparing.
- **ocpp-sim / floor**: the ratio of the two columns; 1.00 would mean ocpp-sim costs nothing above the framing.`;
}
