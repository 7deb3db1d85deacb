import { readFileSync } from 'node:fs';

/** Ephemeral ports Linux gives out by default (32768–60999), when the real range cannot be read. */
export const DEFAULT_EPHEMERAL_PORTS = 28_232;
/**
 * Share of the ephemeral port range a run plans to use per source address. A socket given a
 * source address is bound to it before it connects (Node's `localAddress`; libuv sets
 * SO_REUSEADDR), and bind() to port 0 must find a port no other socket on that address holds,
 * whatever its destination. Linux looks in the lower half of the range first, one parity first
 * (inet_csk_find_open_port: `attempt_half`, `offset |= 1`), from a random offset in order: the
 * first quarter of the range. Once that quarter is full every bind() scans all of it in the
 * kernel before looking further: `node bench/bind-scan.js` on this machine (28,232 ports)
 * opened 10,000–14,000 connections/s from one address up to 7,000 of them, 770/s (1.2 ms of
 * system CPU each) from 8,000 and 250/s (3.7 ms) past 14,116, the half. A run planning 16,700
 * per address (50,000 on three) connected 55/s. A fifth of the range keeps each address well
 * inside the first quarter, with room for sockets in TIME_WAIT from reconnects and for other
 * programs on the machine.
 */
export const PORT_FILL = 0.2;

/**
 * Share of the ephemeral range a run plans to use from one address without binding: a socket
 * that connects unbound gets its port in connect(), which Linux searches from where the last
 * search for that destination ended (inet_hash_connect's per-destination hint), so it stays cheap
 * until the range is nearly full; the rest stays for TIME_WAIT and other programs. Up to this
 * many connections a run gives no source address at all, as a bare client does: `node
 * bench/defaults.js` measured 10,000 connections at once booting in 3.9–4.0 s unbound against
 * 4.2–4.6 s bound to two addresses (alternated, load below 1).
 */
export const CONNECT_FILL = 0.8;

/**
 * How many ephemeral ports one source address has towards one server address and port, from
 * /proc/sys/net/ipv4/ip_local_port_range (or `rangeText`, for tests); DEFAULT_EPHEMERAL_PORTS
 * when it cannot be read.
 */
export function ephemeralPorts(rangeText?: string): number {
  let text = rangeText;
  if (text === undefined) {
    try {
      text = readFileSync('/proc/sys/net/ipv4/ip_local_port_range', 'utf8');
    } catch {
      return DEFAULT_EPHEMERAL_PORTS;
    }
  }
  const match = /^\s*(\d+)\s+(\d+)\s*$/.exec(text);
  if (!match) return DEFAULT_EPHEMERAL_PORTS;
  const ports = Number(match[2]) - Number(match[1]) + 1;
  return ports > 0 ? ports : DEFAULT_EPHEMERAL_PORTS;
}

/** True for a loopback IPv4 host (127.0.0.0/8) or `localhost`: every 127.x.y.z address then reaches it. */
export function isLoopbackV4(hostname: string): boolean {
  return hostname === 'localhost' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(hostname);
}

/**
 * Source addresses for `count` connections to `url` when none were given: undefined when they
 * fit CONNECT_FILL of the ephemeral ports unbound or the target is not loopback IPv4; otherwise
 * 127.0.0.1, 127.0.0.2, … with PORT_FILL of the ports planned on each (every socket is then
 * bound), which Linux routes to the loopback interface like 127.0.0.1. Server ports do not add
 * room: a bound socket's port is taken on its address for every destination. Pure.
 */
export function loopbackSources(url: string, count: number, ports: number): string[] | undefined {
  let hostname: string;
  try {
    hostname = new URL(url).hostname;
  } catch {
    return undefined;
  }
  if (count <= Math.floor(ports * CONNECT_FILL) || !isLoopbackV4(hostname)) return undefined;
  const perAddress = Math.max(1, Math.floor(ports * PORT_FILL));
  const needed = Math.max(2, Math.ceil(count / perAddress));
  // 127.0.0.1 … 127.0.0.254, then 127.0.1.1 …: never .0 or .255 in the last octet.
  return Array.from({ length: needed }, (_, i) => `127.0.${Math.floor(i / 254)}.${(i % 254) + 1}`);
}
