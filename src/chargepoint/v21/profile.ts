import type { ProtocolProfile } from '../protocol-profile.js';
import { V201 } from '../v201/profile.js';
import { closeEventStream, openEventStream } from './event-streams.js';
import { handlersV21 } from './handlers.js';

/**
 * OCPP 2.1: the 2.0.1 station (boot with reason, status per EVSE, TransactionEvents, device model:
 * the same payload builders and transactions) with the 2.1 answers and periodic event streams.
 * Its handlers need the 2.1 schemas loaded (`loadVersions`).
 */
export const V21: ProtocolProfile = Object.freeze({
  ...V201,
  version: 'ocpp2.1',
  // Built from the 2.1 schemas when a 2.1 charge point first asks, not when the module loads.
  get handlers() { return handlersV21(); },
  eventStreams: { open: openEventStream, close: closeEventStream },
});
