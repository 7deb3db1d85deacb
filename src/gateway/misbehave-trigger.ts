import type { Payload } from '../protocol/frame.js';
import type { Misbehaviour } from './misbehaviours.js';

type Alter = (payload: Payload) => Payload;

/** How each trigger misbehaviour changes the payload it was asked to send, by action. */
const ALTERATIONS: ReadonlyArray<[Misbehaviour, string, Alter]> = [
  ['reset-wrong-type', 'Reset', (p) => ({ ...p, type: p.type === 'Hard' ? 'Soft' : p.type === 'OnIdle' ? 'Immediate' : p.type })],
  ['remote-start-other-token', 'RemoteStartTransaction', (p) => ({ ...p, idTag: 'OCPPSIM-OTHER' })],
  ['remote-start-other-token', 'RequestStartTransaction', (p) => ({ ...p, idToken: { idToken: 'OCPPSIM-OTHER', type: 'ISO14443' } })],
  ['remote-stop-other-transaction', 'RemoteStopTransaction', (p) => ({ ...p, transactionId: Number(p.transactionId) + 1 })],
  ['remote-stop-other-transaction', 'RequestStopTransaction', (p) => ({ ...p, transactionId: `${String(p.transactionId).slice(0, 30)}-other` })],
  ['get-configuration-other-key', 'GetConfiguration', (p) => ({ ...p, key: ['MeterValueSampleInterval'] })],
  ['get-configuration-other-key', 'GetVariables', () => ({ getVariableData: [{ component: { name: 'SampledDataCtrlr' }, variable: { name: 'TxUpdatedInterval' } }] })],
  ['change-configuration-other-value', 'ChangeConfiguration', (p) => ({ ...p, value: '999' })],
  ['change-configuration-other-value', 'SetVariables', (p) => ({
    setVariableData: (p.setVariableData as Payload[] | undefined ?? []).map((d) => ({ ...d, attributeValue: '999' })),
  })],
  ['trigger-message-other-message', 'TriggerMessage', (p) => ({ ...p, requestedMessage: 'StatusNotification' })],
  ['change-availability-operative', 'ChangeAvailability', (p) => (p.type !== undefined ? { ...p, type: 'Operative' } : { ...p, operationalStatus: 'Operative' })],
  ['unlock-other-connector', 'UnlockConnector', (p) => ({ ...p, connectorId: 2 })],
];

/** The payload the trigger API sends for `action`: as asked, or changed by a trigger misbehaviour of `on`. */
export function alterTrigger(action: string, payload: Payload, on: ReadonlySet<Misbehaviour>): Payload {
  let result = payload;
  for (const [name, target, alter] of ALTERATIONS) if (target === action && on.has(name)) result = alter(result);
  return result;
}
