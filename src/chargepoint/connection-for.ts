import { Connection, type ConnectionListener, type ConnectionOptions } from '../transport/connection.js';
import { tlsFor } from './client-certificates.js';
import type { FleetContext } from './context.js';
import { perContext } from './per-context.js';
import { reconnectPolicy } from './reconnect-policy.js';
import { dataPasswordOf } from './scenario/data-row.js';
import type { Scenario } from './scenario/types.js';
import { sourceAddressOf } from './source-address.js';

/** The connection options of every charge point of `ctx` speaking `protocol` (its reconnect policy, subprotocol, limits): made once, not per charge point. */
const sharedOptions = perContext((ctx: FleetContext, protocol: Scenario['protocol']): ConnectionOptions => Object.freeze({
  protocols: Object.freeze([protocol]), backoff: ctx.reconnect ? reconnectPolicy(ctx.reconnect, protocol) : ctx.backoff, scheduler: ctx.scheduler,
  handshakeTimeoutMs: ctx.handshakeTimeoutMs, maxPayload: ctx.maxPayload, random: ctx.random, gate: ctx.gate,
  ...(ctx.pingIntervalMs ? { pingIntervalMs: ctx.pingIntervalMs } : {}),
}));

/**
 * The Connection of charge point `id` (the `index`th of its fleet): its URL (its share of the
 * fleet's URLs, the id appended), the reconnect policy of its version unless the run set one,
 * HTTP Basic with its data row's or the run's password (OCPP security profiles 1/2), its client
 * certificate, and its source address. Without the last three, its options are those every
 * charge point of its version shares.
 */
export function connectionFor(id: string, scenario: Scenario, ctx: FleetContext, index: number, listener: ConnectionListener): Connection {
  const url = `${(ctx.baseUrls?.[index % ctx.baseUrls.length] ?? ctx.baseUrl).replace(/\/+$/, '')}/${encodeURIComponent(id)}`;
  const shared = sharedOptions(ctx, scenario.protocol);
  const password = dataPasswordOf(scenario, index) ?? ctx.password;
  if (password === undefined && !ctx.tls && !ctx.localAddresses?.length) return new Connection(url, shared, listener);
  return new Connection(url, {
    ...shared,
    // OCPP security profile 1/2: HTTP Basic with the charge point id as the username.
    ...(password !== undefined ? { headers: { Authorization: `Basic ${Buffer.from(`${id}:${password}`).toString('base64')}` } } : {}),
    ...(ctx.tls ? { tls: tlsFor(ctx.tls, id) } : {}),
    ...(ctx.localAddresses?.length ? { localAddress: sourceAddressOf(ctx.localAddresses, ctx.baseUrls?.length ?? 1, index) as string } : {}),
  }, listener);
}
