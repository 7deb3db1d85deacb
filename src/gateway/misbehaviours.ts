/**
 * The switches of `gateway --misbehave <name>`: each makes the gateway break one rule on purpose,
 * so that exactly one check of `ocpp-sim check` fails (per version; `—` where the switch changes
 * nothing in that version). The mutation test (test/check/mutation.test.ts) proves the pairing,
 * and docs/check.md's table is generated from the same runs.
 */
export const MISBEHAVIOURS = Object.freeze({
  'boot-interval-zero': { does: 'answers an Accepted BootNotification with interval 0', breaks: 'boot-interval' },
  'boot-clock-skew': { does: "puts the Accepted BootNotification answer's currentTime an hour ahead", breaks: 'boot-current-time' },
  'pending-serves-calls': { does: 'serves the CALLs of a station it answered Pending', breaks: 'boot-pending' },
  'rejected-serves-calls': { does: 'serves the CALLs of a station it answered Rejected', breaks: 'boot-rejected' },
  'heartbeat-clock-skew': { does: "puts the Heartbeat answer's currentTime an hour ahead", breaks: 'heartbeat' },
  'status-station-error': { does: 'answers the StatusNotification of connector 0 with a CALLERROR', breaks: 'status-station', versions: ['ocpp1.6'] },
  'status-connector-2-error': { does: 'answers a StatusNotification of connector/EVSE 2 or higher with a CALLERROR', breaks: 'status-every-connector' },
  'status-faulted-error': { does: 'answers a StatusNotification with status Faulted with a CALLERROR', breaks: 'status-every-value' },
  'authorize-rejects-all': { does: 'answers every Authorize Invalid', breaks: 'authorize-known' },
  'authorize-accepts-all': { does: 'answers every Authorize Accepted, known token or not', breaks: 'authorize-unknown' },
  'data-transfer-unsupported': { does: 'answers DataTransfer with CALLERROR NotSupported', breaks: 'data-transfer-unknown-vendor' },
  'meter-values-idle-error': { does: 'answers MeterValues outside a transaction with a CALLERROR', breaks: 'meter-values-idle' },
  'firmware-status-unsupported': { does: 'answers FirmwareStatusNotification with CALLERROR NotSupported', breaks: 'firmware-status-idle' },
  'diagnostics-status-unsupported': { does: 'answers DiagnosticsStatusNotification with CALLERROR NotSupported', breaks: 'diagnostics-status-idle', versions: ['ocpp1.6'] },
  'log-status-unsupported': { does: 'answers LogStatusNotification with CALLERROR NotSupported', breaks: 'log-status-idle', versions: ['ocpp2.0.1'] },
  'security-event-unsupported': { does: 'answers SecurityEventNotification with CALLERROR NotSupported', breaks: 'security-event', versions: ['ocpp2.0.1'] },
  'notify-event-unsupported': { does: 'answers NotifyEvent with CALLERROR NotSupported', breaks: 'notify-event', versions: ['ocpp2.0.1'] },
  'transaction-accepts-all': { does: 'accepts any token in StartTransaction / TransactionEvent', breaks: { 'ocpp1.6': 'transaction-unknown-tag', 'ocpp2.0.1': 'transaction-unknown-token' } },
  'shared-transaction-ids': { does: '1.6: gives every transaction the same id; 2.0.1: refuses a transactionId another station already used', breaks: { 'ocpp1.6': 'transaction-ids-unique', 'ocpp2.0.1': 'transaction-ids-per-station' } },
  'offline-rejects-old': { does: 'answers transaction messages stamped more than 5 minutes ago with a CALLERROR', breaks: 'transaction-offline-queue' },
  'stop-unknown-transaction-error': { does: 'answers a StopTransaction of a transaction id it never gave with a CALLERROR', breaks: 'transaction-stop-unknown-id', versions: ['ocpp1.6'] },
  'cable-first-rejected': { does: 'answers a transaction started without a token (EVConnected) with a CALLERROR', breaks: 'transaction-cable-first', versions: ['ocpp2.0.1'] },
  'unknown-action-not-supported': { does: 'answers an unknown action NotSupported instead of NotImplemented', breaks: 'rpc-unknown-action' },
  'malformed-generic-error': { does: 'answers a malformed CALL GenericError', breaks: 'rpc-malformed-call' },
  'not-json-closes': { does: 'closes the connection on a frame that is not JSON', breaks: 'rpc-not-json' },
  'type-violation-format': { does: 'answers a wrong JSON type FormatViolation instead of TypeConstraintViolation', breaks: 'rpc-type-violation' },
  'occurrence-violation-format': { does: 'answers a missing field FormatViolation instead of the occurrence violation', breaks: 'rpc-missing-field' },
  'property-violation-format': { does: 'answers a value outside its enumeration FormatViolation instead of PropertyConstraintViolation', breaks: 'rpc-bad-enum' },
  'extra-property-allowed': { does: 'serves a payload with a property its schema does not allow', breaks: 'rpc-extra-property' },
  'ignore-repeated-ids': { does: 'processes a CALL whose message id is already being processed', breaks: 'rpc-repeated-message-id' },
  'answer-responses': { does: 'answers a CALLRESULT or CALLERROR that matches no CALL of its own', breaks: 'rpc-no-answer-to-response' },
  'unknown-type-closes': { does: 'closes the connection on a frame of an unknown message type', breaks: 'rpc-unknown-message-type' },
  'subprotocol-first-offered': { does: 'offered several subprotocols, answers the handshake with the first, spoken or not', breaks: 'subprotocol-several-offered' },
  'keep-unsupported-subprotocol': { does: 'keeps a connection open that offered no subprotocol', breaks: 'subprotocol-unsupported' },
  'keep-replaced-connection': { does: 'leaves the older connection open when a second one with the same id arrives', breaks: 'same-id-replaces' },
  'no-pong': { does: 'answers no WebSocket ping', breaks: 'ping-answered' },
  'basic-auth-any-password': { does: 'lets in a charge point with a wrong password', breaks: 'basic-auth-wrong-password' },
  'basic-auth-optional': { does: 'lets in a charge point without credentials', breaks: 'basic-auth-missing' },
  'basic-auth-any-username': { does: 'lets in the right password under another username', breaks: 'basic-auth-other-username' },
  'reset-wrong-type': { does: "sends the triggered Reset with another type than asked", breaks: 'trigger-reset' },
  'remote-start-other-token': { does: 'sends the triggered remote start with another token than asked', breaks: 'trigger-remote-start' },
  'remote-stop-other-transaction': { does: 'sends the triggered remote stop for another transaction than asked', breaks: 'trigger-remote-stop' },
  'get-configuration-other-key': { does: 'reads another configuration key than asked', breaks: 'trigger-get-configuration' },
  'change-configuration-other-value': { does: 'writes another value than asked', breaks: 'trigger-change-configuration' },
  'trigger-message-other-message': { does: 'triggers another message than asked', breaks: 'trigger-message' },
  'change-availability-operative': { does: 'sends Operative when asked for Inoperative', breaks: 'trigger-change-availability' },
  'unlock-other-connector': { does: 'unlocks another connector than asked', breaks: 'trigger-unlock-connector' },
  'calls-not-in-turn': { does: 'sends its CALLs without waiting for the answer to the previous one', breaks: 'rpc-one-call-outstanding' },
} as const satisfies Record<string, { does: string; breaks: string | Readonly<Record<string, string>>; versions?: readonly string[] }>);

/** The name of one misbehaviour switch. */
export type Misbehaviour = keyof typeof MISBEHAVIOURS;

/** Every switch name, in the order of the table. */
export const MISBEHAVIOUR_NAMES: readonly Misbehaviour[] = Object.freeze(Object.keys(MISBEHAVIOURS) as Misbehaviour[]);

/** True when `name` is a switch. */
export const isMisbehaviour = (name: string): name is Misbehaviour => Object.hasOwn(MISBEHAVIOURS, name);

/** The check a switch breaks in `version`, or undefined when it changes nothing there. */
export function brokenCheck(name: Misbehaviour, version: string): string | undefined {
  const row: { breaks: string | Readonly<Record<string, string>>; versions?: readonly string[] } = MISBEHAVIOURS[name];
  if (row.versions && !row.versions.includes(version)) return undefined;
  return typeof row.breaks === 'string' ? row.breaks : row.breaks[version];
}
