import { ocppRpcSchemas } from '../schema-set.js';
import type { VersionSpec } from '../version-spec.js';

/** OCPP 1.6 JSON (OCPP-J 1.6 with the 2019-12 errata). */
export const V16: VersionSpec<'ocpp1.6'> = Object.freeze({
  subprotocol: 'ocpp1.6',
  // The 1.6 schemas of the 2019-12 errata set, as shipped by the ocpp-rpc package.
  schemaPackage: 'ocpp-rpc',
  schemas: ocppRpcSchemas('ocpp-rpc/lib/schemas/ocpp1_6.json'),
  messageTypes: Object.freeze([2, 3, 4]),
  fromChargePoint: Object.freeze([
    'Authorize', 'BootNotification', 'DataTransfer', 'DiagnosticsStatusNotification', 'FirmwareStatusNotification', 'Heartbeat',
    'LogStatusNotification', 'MeterValues', 'SecurityEventNotification', 'SignCertificate', 'SignedFirmwareStatusNotification',
    'StartTransaction', 'StatusNotification', 'StopTransaction',
  ]),
  sendActions: Object.freeze([]),
  errorSpelling: Object.freeze({
    FormatViolation: 'FormationViolation',
    OccurrenceConstraintViolation: 'OccurenceConstraintViolation',
    // 1.6 has no MessageTypeNotSupported or RpcFrameworkError: the nearest 1.6 code stands in.
    MessageTypeNotSupported: 'FormationViolation',
    RpcFrameworkError: 'FormationViolation',
  }),
  /**
   * Not JSON / not an array: 1.6 is silent, we answer FormationViolation with id "-1". An unknown
   * message type is ignored (OCPP-J 1.6 §4.1.3). A malformed response is never answered.
   */
  framePolicy: Object.freeze({
    'not-json': 'FormatViolation',
    'not-array': 'FormatViolation',
    'unknown-message-type': 'drop',
    'bad-message-id': 'FormatViolation',
    'bad-call': 'FormatViolation',
    'bad-call-result': 'drop',
    'bad-call-error': 'drop',
    // Types 5 and 6 exist from 2.1 on (the parser refuses them before): a response or a SEND is never answered.
    'bad-call-result-error': 'drop',
    'bad-send': 'drop',
  }),
  // Compression is not to be used in 1.6 (OCPP-J 1.6 §5.1).
  deflate: false,
});
