// Benchmark (not a test): how fast TCP connections open from one source address given
// explicitly (Node's `localAddress`: bind() to port 0, then connect()) as that address fills,
// against the same without a source address (connect() picks the port). A plain TCP server in a
// child process holds the other ends. Prints one line per step of 1,000 connections: the rate
// and the mean time of the bind+connect call. Why: src/cli/source-addresses.ts (PORT_FILL).
// Usage: node bench/bind-scan.js [COUNT=19000] [--address 127.0.0.99 | --no-bind]
//        (needs `ulimit -n` above COUNT + 100; run it alone: `flock /work/bench.lock …`)
import { fork } from 'node:child_process';
import net from 'node:net';

if (process.argv[2] === '--server') {
  const held = [];
  const server = net.createServer((socket) => { held.push(socket); socket.on('error', () => {}); });
  server.listen(0, '127.0.0.1', () => process.send({ port: server.address().port }));
  process.on('disconnect', () => process.exit(0));
} else {
  const argv = process.argv.slice(2);
  const count = Number(argv.find((a) => /^\d+$/.test(a)) ?? 19_000);
  const noBind = argv.includes('--no-bind');
  const address = argv.includes('--address') ? argv[argv.indexOf('--address') + 1] : '127.0.0.99';
  const server = fork(new URL(import.meta.url).pathname, ['--server'], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const { port } = await new Promise((resolve) => server.once('message', resolve));
  const range = (await import('node:fs')).readFileSync('/proc/sys/net/ipv4/ip_local_port_range', 'utf8').trim().split(/\s+/).map(Number);
  console.log(`${count} connections to 127.0.0.1:${port} ${noBind ? 'without a source address' : `from ${address} (bound)`}; ephemeral range ${range.join('-')} (${range[1] - range[0] + 1} ports, odd half ${Math.ceil((range[1] - range[0] + 1) / 2)})`);
  const sockets = [];
  const open = () => new Promise((resolve, reject) => {
    const s = net.connect({ host: '127.0.0.1', port, ...(noBind ? {} : { localAddress: address }) });
    s.once('connect', () => resolve(s));
    s.once('error', reject);
  });
  const STEP = 1000;
  for (let done = 0; done < count;) {
    const n = Math.min(STEP, count - done);
    const t0 = performance.now();
    const cpu0 = process.cpuUsage();
    // 100 at a time, as a fleet's handshake limit keeps a bounded number in flight.
    for (let i = 0; i < n; i += 100) sockets.push(...(await Promise.all(Array.from({ length: Math.min(100, n - i) }, open))));
    const ms = performance.now() - t0;
    const cpu = process.cpuUsage(cpu0);
    done += n;
    console.log(`${String(done).padStart(6)} open: ${Math.round((n / ms) * 1000).toString().padStart(6)} connections/s, system CPU ${(cpu.system / 1000 / n).toFixed(3)} ms per connection, user ${(cpu.user / 1000 / n).toFixed(3)} ms`);
  }
  // The server closes first, so TIME_WAIT stays on its side and this address's ports are free again at once.
  await new Promise((resolve) => { server.once('exit', resolve); server.disconnect(); });
  for (const s of sockets) s.destroy();
}
