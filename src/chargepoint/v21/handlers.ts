import type { Handler, HandlerTable } from '../../protocol/rpc-session.js';
import { minimalPayload } from '../../protocol/minimal-payload.js';
import { schemasOf, versionSpec } from '../../protocol/versions.js';
import type { ChargePoint } from '../charge-point.js';
import { TABLE_V201, stationHandlers } from '../v201/handlers.js';
import { adjustEventStream, describeEventStreams } from './event-streams.js';

/** What 2.1 adds to the 2.0.1 answers: the CSMS side of periodic event streams (OCPP 2.1 N08). */
const STREAMS: Readonly<Record<string, Handler<ChargePoint>>> = {
  AdjustPeriodicEventStream: (p, ctx) => {
    const params = p.params as { interval?: number; values?: number };
    return { status: adjustEventStream(ctx.owner, Number(p.id), params) ? 'Accepted' : 'Rejected' };
  },
  GetPeriodicEventStream: (_p, ctx) => {
    const open = describeEventStreams(ctx.owner);
    return open.length > 0 ? { constantStreamData: open } : {};
  },
};

const SIMULATED: Readonly<Record<string, Handler<ChargePoint>>> = { ...TABLE_V201, ...STREAMS };

/**
 * The CSMS-initiated 2.1 actions the station does not simulate, each answered with the smallest
 * response its schema allows: a refusal status (NotSupported where the enum has it, else
 * Rejected, Unknown, …) and only the required fields. Listed in docs/versions.md. Needs the 2.1
 * schemas loaded (`loadVersions`).
 */
export function notSimulatedV21(): readonly string[] {
  return Object.freeze([...schemasOf('ocpp2.1').keys()]
    .filter((key) => key.endsWith('.conf'))
    .map((key) => key.slice(0, -'.conf'.length))
    .filter((action) => !versionSpec('ocpp2.1').fromChargePoint.includes(action) && !Object.hasOwn(SIMULATED, action))
    .sort());
}

function refusal(action: string): Handler<ChargePoint> {
  const schema = schemasOf('ocpp2.1').get(`${action}.conf`);
  const answer = Object.freeze(schema ? minimalPayload(schema) : {});
  return () => answer;
}

let table: HandlerTable<ChargePoint> | undefined;

/**
 * How a 2.1 charging station answers the CSMS: the 2.0.1 table (the same code: 2.1 kept those
 * messages compatible), periodic event streams, and a schema-valid refusal of every other
 * CSMS-initiated action; the same SecurityError guard while its boot is Rejected. Built at the
 * first call (the 2.1 schemas loaded by then), the same table after that.
 */
export function handlersV21(): HandlerTable<ChargePoint> {
  table ??= stationHandlers({
    ...SIMULATED,
    ...Object.fromEntries(notSimulatedV21().map((action) => [action, refusal(action)])),
  });
  return table;
}
