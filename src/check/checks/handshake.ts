import { TransportError } from '../../transport/errors.js';
import type { CheckContext, StationSpec } from '../context.js';
import { expect, type CheckDefinition } from '../types.js';

/** A subprotocol no OCPP version has. */
const UNKNOWN_SUBPROTOCOL = 'ocpp0.9';

/**
 * Connects with `spec` and expects the CSMS to refuse: the upgrade refused (any HTTP status or a
 * subprotocol error), or the socket closed soon after it opened without a subprotocol. Returns how.
 */
async function expectRefused(ctx: CheckContext, spec: StationSpec, what: string): Promise<string> {
  const station = ctx.station(spec);
  let protocol: string;
  try {
    protocol = await station.open();
  } catch (error) {
    if (error instanceof TransportError) return error.status !== undefined ? `HTTP ${error.status}` : error.code;
    if ((error as { code?: unknown }).code === 'E_SOCKET') return 'closed during the handshake';
    throw error;
  }
  expect(protocol === '', `${what}: the CSMS accepted the connection with subprotocol '${protocol}'`);
  const closed = await station.waitClosed(ctx.settings.callTimeoutMs);
  expect(closed, `${what}: the CSMS completed the handshake without a subprotocol and kept the connection open`);
  return `closed ${closed.code}`;
}

/** The WebSocket handshake and connection rules of OCPP-J. */
export const HANDSHAKE_CHECKS: readonly CheckDefinition[] = [
  {
    name: 'subprotocol-several-offered',
    proves: 'offered an unknown subprotocol first and the version second, the CSMS picks the version',
    refs: { 'ocpp1.6': { section: 'OCPP-J 1.6 §3.1.2', octt: 'TC_088_CSMS' }, 'ocpp2.0.1': { section: 'OCPP-J 2.0.1 §3.1.2', octt: 'TC_B_58_CSMS' } },
    async run(ctx) {
      const station = ctx.station({ protocols: [UNKNOWN_SUBPROTOCOL, ctx.version] });
      const protocol = await station.open();
      expect(protocol === ctx.version, `the CSMS picked '${protocol}' out of ${UNKNOWN_SUBPROTOCOL}, ${ctx.version}`);
      const answer = await station.call('BootNotification', ctx.speech.boot());
      expect(answer.status === 'Accepted', `BootNotification answered ${String(answer.status)}`);
      return `picked ${protocol}`;
    },
  },
  {
    name: 'subprotocol-unsupported',
    proves: 'a handshake offering no subprotocol, or only one no version has, is refused or closed at once',
    refs: { 'ocpp1.6': { section: 'OCPP-J 1.6 §3.2', octt: 'TC_088_CSMS' }, 'ocpp2.0.1': { section: 'OCPP-J 2.0.1 §3.2', octt: 'TC_B_58_CSMS' } },
    async run(ctx) {
      const none = await expectRefused(ctx, { protocols: [] }, 'no subprotocol offered');
      const unknown = await expectRefused(ctx, { protocols: [UNKNOWN_SUBPROTOCOL] }, `only ${UNKNOWN_SUBPROTOCOL} offered`);
      return `none offered: ${none}; ${UNKNOWN_SUBPROTOCOL} only: ${unknown}`;
    },
  },
  {
    name: 'same-id-replaces',
    proves: 'a second connection with the id of an open one is served and the older one is closed',
    refs: { 'ocpp1.6': { section: 'OCPP-J 1.6 §3.1' }, 'ocpp2.0.1': { section: 'OCPP-J 2.0.1 §3.1, 2.0.1 B01' } },
    async run(ctx) {
      const older = await ctx.booted();
      const newer = await ctx.booted();
      await newer.station.call('Heartbeat', {});
      const closed = await older.station.waitClosed(ctx.settings.callTimeoutMs);
      expect(closed, `the older connection of ${older.station.id} is still open ${ctx.settings.callTimeoutMs} ms after the newer one booted`);
      return `older closed ${closed.code}`;
    },
  },
  {
    name: 'ping-answered',
    proves: 'a WebSocket ping from the station is answered with a pong',
    refs: { 'ocpp1.6': { section: 'OCPP-J 1.6 §5.3, RFC 6455 §5.5.2' }, 'ocpp2.0.1': { section: 'OCPP-J 2.0.1 §5.3, RFC 6455 §5.5.2' } },
    async run(ctx) {
      const { station } = await ctx.booted();
      const rtt = await station.ping(ctx.settings.callTimeoutMs);
      expect(rtt !== undefined, `no pong within ${ctx.settings.callTimeoutMs} ms`);
      return `pong in ${rtt.toFixed(1)} ms`;
    },
  },
];
