import type { ProtocolProfile } from '../protocol-profile.js';
import { V201 } from '../v201/profile.js';
import { closeEventStream, openEventStream } from './event-streams.js';
import { handlersV21 } from './handlers.js';

/**
 * OCPP 2.1: the 2.0.1 station (boot with reason, status per EVSE, TransactionEvents, device model:
 * the same payload builders and transactions) with the 2.1 answers and periodic event streams.
 */
export const V21: ProtocolProfile = Object.freeze({
  ...V201,
  version: 'ocpp2.1',
  handlers: handlersV21,
  eventStreams: { open: openEventStream, close: closeEventStream },
});
