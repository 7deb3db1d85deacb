import { ocppRpcSchemas } from '../schema-set.js';
import type { VersionSpec } from '../version-spec.js';

/** The actions a 2.0.1 charging station sends (OCPP 2.0.1 Part 2 §1 use cases); 2.1 sends these and more. */
export const FROM_CHARGE_POINT_201: readonly string[] = Object.freeze([
  'Authorize', 'BootNotification', 'ClearedChargingLimit', 'DataTransfer', 'FirmwareStatusNotification', 'Get15118EVCertificate',
  'GetCertificateStatus', 'Heartbeat', 'LogStatusNotification', 'MeterValues', 'NotifyChargingLimit', 'NotifyCustomerInformation',
  'NotifyDisplayMessages', 'NotifyEVChargingNeeds', 'NotifyEVChargingSchedule', 'NotifyEvent', 'NotifyMonitoringReport', 'NotifyReport',
  'PublishFirmwareStatusNotification', 'ReportChargingProfiles', 'ReservationStatusUpdate', 'SecurityEventNotification', 'SignCertificate',
  'StatusNotification', 'TransactionEvent',
]);

/** OCPP 2.0.1 (OCPP-J 2.0.1). */
export const V201: VersionSpec<'ocpp2.0.1'> = Object.freeze({
  subprotocol: 'ocpp2.0.1',
  // The complete 2.0.1 schema set, as shipped by the ocpp-rpc package.
  schemaPackage: 'ocpp-rpc',
  schemas: ocppRpcSchemas('ocpp-rpc/lib/schemas/ocpp2_0_1.json'),
  messageTypes: Object.freeze([2, 3, 4]),
  fromChargePoint: FROM_CHARGE_POINT_201,
  sendActions: Object.freeze([]),
  errorSpelling: Object.freeze({}),
  /**
   * Not JSON / not an array / no readable id: RpcFrameworkError with id "-1" (OCPP-J 2.0.1
   * §4.2.3); an unknown message type: MessageTypeNotSupported (§4.4). A malformed response is
   * never answered.
   */
  framePolicy: Object.freeze({
    'not-json': 'RpcFrameworkError',
    'not-array': 'RpcFrameworkError',
    'unknown-message-type': 'MessageTypeNotSupported',
    'bad-message-id': 'RpcFrameworkError',
    'bad-call': 'FormatViolation',
    'bad-call-result': 'drop',
    'bad-call-error': 'drop',
    // Types 5 and 6 exist from 2.1 on (the parser refuses them before): a response or a SEND is never answered.
    'bad-call-result-error': 'drop',
    'bad-send': 'drop',
  }),
  // A 2.0.1 CSMS shall support RFC 7692 compression (OCPP-J 2.0.1 §3.3).
  deflate: true,
});
