import { hostname, networkInterfaces } from 'node:os';
import { isIP } from 'node:net';

const LOOPBACK_NAMES = ['localhost', '127.0.0.1', '::1'];
const WILDCARDS = new Set(['0.0.0.0', '::', '[::]', '']);

/** True when `host` is a loopback interface: `localhost`, 127.0.0.0/8 or `::1` (nobody else can reach it). */
export function isLoopbackHost(host: string): boolean {
  const bare = host.replace(/^\[|\]$/g, '').toLowerCase();
  if (bare === 'localhost' || bare === '::1') return true;
  return isIP(bare) === 4 && bare.startsWith('127.');
}

/**
 * The host names a request to a gateway listening on `host` may carry in its `Host` header,
 * lower case, IPv6 without brackets: the listening address itself; the loopback names when it
 * is loopback; every interface address and the machine's host name when it is a wildcard
 * (0.0.0.0, ::); and `extra` (the allowed-host list). A name outside this set is a request
 * meant for another server, or a DNS-rebinding page (docs/security.md).
 */
export function listeningNames(host: string, extra: readonly string[]): ReadonlySet<string> {
  const names = new Set<string>();
  const add = (name: string): void => { names.add(name.replace(/^\[|\]$/g, '').toLowerCase()); };
  add(host);
  if (isLoopbackHost(host) || WILDCARDS.has(host)) LOOPBACK_NAMES.forEach(add);
  if (WILDCARDS.has(host)) {
    add(hostname());
    for (const list of Object.values(networkInterfaces())) for (const info of list ?? []) add(info.address.split('%', 1)[0] as string);
  }
  extra.forEach(add);
  return names;
}

/** The host name of a `Host` header value (port and IPv6 brackets removed, lower case); undefined when malformed. */
export function hostOfHeader(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  const match = /^(?:\[([0-9a-fA-F:.]+)\]|([^:[\]\s]+))(?::\d{1,5})?$/.exec(value.trim());
  if (!match) return undefined;
  return (match[1] ?? match[2] as string).toLowerCase();
}
