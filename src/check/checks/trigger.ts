import { setTimeout as sleep } from 'node:timers/promises';
import { CALL } from '../../protocol/frame.js';
import type { Payload } from '../../protocol/frame.js';
import type { CheckContext } from '../context.js';
import { postTrigger, triggered } from '../trigger.js';
import { expect, type CheckDefinition } from '../types.js';
import { startV16, stopV16 } from './transactions-v16.js';
import { Transaction201 } from './transactions-v201.js';

const v16 = (ctx: CheckContext): boolean => ctx.version === 'ocpp1.6';
const token = (idToken: string): Payload => ({ idToken, type: 'ISO14443' });

/** Fails unless the CSMS's request carries `field` as asked. */
function carried(request: Payload, field: string, expected: unknown): void {
  expect(JSON.stringify(request[field]) === JSON.stringify(expected), `the request carried ${field} ${JSON.stringify(request[field])}, expected ${JSON.stringify(expected)}`);
}

/** CSMS-initiated conversations, started through the CSMS's trigger API (--trigger-url). */
export const TRIGGER_CHECKS: readonly CheckDefinition[] = [
  {
    name: 'trigger-reset',
    proves: 'a Reset the CSMS sends is schema-valid, and the station that reboots after accepting it is Accepted again',
    refs: { 'ocpp1.6': { section: '1.6 §5.14', octt: 'TC_013_CSMS' }, 'ocpp2.0.1': { section: '2.0.1 B11', octt: 'TC_B_20_CSMS' } },
    needs: ['trigger'],
    async run(ctx) {
      const { station } = await ctx.booted();
      const type = v16(ctx) ? 'Hard' : 'OnIdle';
      const request = await triggered(ctx, station, 'Reset', { type }, () => ({ status: 'Accepted' }));
      carried(request, 'type', type);
      station.close();
      await station.waitClosed(ctx.settings.callTimeoutMs);
      const again = await ctx.connect();
      const boot = await again.call('BootNotification', v16(ctx) ? ctx.speech.boot() : { ...ctx.speech.boot(), reason: 'RemoteReset' });
      expect(boot.status === 'Accepted', `the boot after the reset answered ${String(boot.status)}`);
    },
  },
  {
    name: 'trigger-remote-start',
    proves: 'a remote start the CSMS sends is schema-valid and carries the token, and the transaction that follows is Accepted',
    refs: { 'ocpp1.6': { section: '1.6 §5.11', octt: 'TC_011_1_CSMS' }, 'ocpp2.0.1': { section: '2.0.1 F02', octt: 'TC_F_02_CSMS' } },
    needs: ['trigger'],
    async run(ctx) {
      const { station } = await ctx.booted();
      const tag = ctx.settings.idTag;
      if (v16(ctx)) {
        const request = await triggered(ctx, station, 'RemoteStartTransaction', { connectorId: 1, idTag: tag }, () => ({ status: 'Accepted' }));
        carried(request, 'idTag', tag);
        const { transactionId, status } = await startV16(ctx, station, tag);
        expect(status === 'Accepted', `the StartTransaction after the remote start answered ${String(status)}`);
        await stopV16(station, transactionId, 'Remote', undefined);
        return `transactionId ${transactionId}`;
      }
      const remoteStartId = 1 + Math.floor(Math.random() * 1_000_000);
      const request = await triggered(ctx, station, 'RequestStartTransaction', { idToken: token(tag), remoteStartId, evseId: 1 }, () => ({ status: 'Accepted' }));
      carried(request, 'idToken', token(tag));
      const tx = new Transaction201(station);
      const started = await tx.event('Started', 'RemoteStart', { idToken: token(tag), transactionInfo: { remoteStartId, chargingState: 'Charging' } });
      expect(ctx.speech.authStatus(started) === 'Accepted', `the Started event after the remote start answered idTokenInfo ${String(ctx.speech.authStatus(started))}`);
      await tx.event('Ended', 'RemoteStop', { transactionInfo: { stoppedReason: 'Remote' } });
      return `remoteStartId ${remoteStartId}`;
    },
  },
  {
    name: 'trigger-remote-stop',
    proves: 'a remote stop the CSMS sends names the running transaction, and the stop that follows is answered',
    refs: { 'ocpp1.6': { section: '1.6 §5.12', octt: 'TC_012_CSMS' }, 'ocpp2.0.1': { section: '2.0.1 F03', octt: 'TC_E_21_CSMS' } },
    needs: ['trigger'],
    async run(ctx) {
      const { station } = await ctx.booted();
      if (v16(ctx)) {
        const { transactionId } = await startV16(ctx, station, ctx.settings.idTag);
        const request = await triggered(ctx, station, 'RemoteStopTransaction', { transactionId }, () => ({ status: 'Accepted' }));
        carried(request, 'transactionId', transactionId);
        await stopV16(station, transactionId, 'Remote', undefined);
        return;
      }
      const tx = new Transaction201(station);
      await tx.event('Started', 'Authorized', { idToken: token(ctx.settings.idTag) });
      const request = await triggered(ctx, station, 'RequestStopTransaction', { transactionId: tx.id }, () => ({ status: 'Accepted' }));
      carried(request, 'transactionId', tx.id);
      await tx.event('Ended', 'RemoteStop', { transactionInfo: { stoppedReason: 'Remote' } });
    },
  },
  {
    name: 'trigger-get-configuration',
    proves: 'a configuration read (GetConfiguration / GetVariables) the CSMS sends is schema-valid and asks for the key',
    refs: { 'ocpp1.6': { section: '1.6 §5.8', octt: 'TC_019_2_CSMS' }, 'ocpp2.0.1': { section: '2.0.1 B06', octt: 'TC_B_06_CSMS' } },
    needs: ['trigger'],
    async run(ctx) {
      const { station } = await ctx.booted();
      if (v16(ctx)) {
        const request = await triggered(ctx, station, 'GetConfiguration', { key: ['HeartbeatInterval'] },
          () => ({ configurationKey: [{ key: 'HeartbeatInterval', readonly: false, value: '60' }] }));
        carried(request, 'key', ['HeartbeatInterval']);
        return;
      }
      const data = [{ component: { name: 'OCPPCommCtrlr' }, variable: { name: 'HeartbeatInterval' } }];
      const request = await triggered(ctx, station, 'GetVariables', { getVariableData: data },
        () => ({ getVariableResult: [{ attributeStatus: 'Accepted', attributeValue: '60', ...data[0] }] }));
      carried(request, 'getVariableData', data);
    },
  },
  {
    name: 'trigger-change-configuration',
    proves: 'a configuration change (ChangeConfiguration / SetVariables) the CSMS sends is schema-valid and carries the value',
    refs: { 'ocpp1.6': { section: '1.6 §5.3', octt: 'TC_021_CSMS' }, 'ocpp2.0.1': { section: '2.0.1 B05', octt: 'TC_B_09_CSMS' } },
    needs: ['trigger'],
    async run(ctx) {
      const { station } = await ctx.booted();
      if (v16(ctx)) {
        const request = await triggered(ctx, station, 'ChangeConfiguration', { key: 'MeterValueSampleInterval', value: '30' }, () => ({ status: 'Accepted' }));
        carried(request, 'value', '30');
        return;
      }
      const data = [{ attributeValue: '30', component: { name: 'SampledDataCtrlr' }, variable: { name: 'TxUpdatedInterval' } }];
      const request = await triggered(ctx, station, 'SetVariables', { setVariableData: data },
        () => ({ setVariableResult: [{ attributeStatus: 'Accepted', component: data[0]?.component, variable: data[0]?.variable }] }));
      carried(request, 'setVariableData', data);
    },
  },
  {
    name: 'trigger-message',
    proves: 'a TriggerMessage for a Heartbeat is schema-valid, and the Heartbeat it asked for is answered',
    refs: { 'ocpp1.6': { section: '1.6 §5.17', octt: 'TC_054_CSMS' }, 'ocpp2.0.1': { section: '2.0.1 F06', octt: 'TC_F_20_CSMS' } },
    needs: ['trigger'],
    async run(ctx) {
      const { station } = await ctx.booted();
      const request = await triggered(ctx, station, 'TriggerMessage', { requestedMessage: 'Heartbeat' }, () => ({ status: 'Accepted' }));
      carried(request, 'requestedMessage', 'Heartbeat');
      await station.call('Heartbeat', {});
    },
  },
  {
    name: 'trigger-change-availability',
    proves: 'a ChangeAvailability to Inoperative is schema-valid, and the Unavailable status that follows is answered',
    refs: { 'ocpp1.6': { section: '1.6 §5.2' }, 'ocpp2.0.1': { section: '2.0.1 G03', octt: 'TC_G_03_CSMS' } },
    needs: ['trigger'],
    async run(ctx) {
      const { station } = await ctx.booted();
      const payload = v16(ctx) ? { connectorId: 1, type: 'Inoperative' } : { operationalStatus: 'Inoperative', evse: { id: 1 } };
      const request = await triggered(ctx, station, 'ChangeAvailability', payload, () => ({ status: 'Accepted' }));
      carried(request, v16(ctx) ? 'type' : 'operationalStatus', 'Inoperative');
      await station.call('StatusNotification', ctx.speech.status(1, 'Unavailable'));
    },
  },
  {
    name: 'trigger-unlock-connector',
    proves: 'an UnlockConnector the CSMS sends is schema-valid and names the connector',
    refs: { 'ocpp1.6': { section: '1.6 §5.18', octt: 'TC_017_1_CSMS' }, 'ocpp2.0.1': { section: '2.0.1 F05', octt: 'TC_F_06_CSMS' } },
    needs: ['trigger'],
    async run(ctx) {
      const { station } = await ctx.booted();
      const payload = v16(ctx) ? { connectorId: 1 } : { evseId: 1, connectorId: 1 };
      const request = await triggered(ctx, station, 'UnlockConnector', payload, () => ({ status: 'Unlocked' }));
      carried(request, 'connectorId', 1);
    },
  },
  {
    name: 'rpc-one-call-outstanding',
    proves: 'two CALLs triggered at once reach the station one at a time: the second only after the first was answered',
    refs: { 'ocpp1.6': { section: 'OCPP-J 1.6 §4.1.1' }, 'ocpp2.0.1': { section: 'OCPP-J 2.0.1 §4.1.1' } },
    needs: ['trigger'],
    async run(ctx) {
      const { station } = await ctx.booted();
      // Both answers take a while, so a CSMS that does not wait sends the second CALL meanwhile.
      const answeredAt = new Map<string, number>();
      const slow = (action: string, response: Payload) => async (): Promise<Payload> => {
        await sleep(ctx.settings.quietMs);
        answeredAt.set(action, performance.now());
        return response;
      };
      station.handlers.TriggerMessage = slow('TriggerMessage', { status: 'Accepted' });
      station.handlers.UnlockConnector = slow('UnlockConnector', { status: 'Unlocked' });
      const from = station.frames.size;
      const posts = [
        postTrigger(ctx, station, 'TriggerMessage', { requestedMessage: 'Heartbeat' }),
        postTrigger(ctx, station, 'UnlockConnector', v16(ctx) ? { connectorId: 1 } : { evseId: 1, connectorId: 1 }),
      ];
      const settled = await Promise.allSettled(posts);
      for (const result of settled) {
        expect(result.status === 'fulfilled' && result.value.status < 300, `the trigger API failed: ${result.status === 'fulfilled' ? `HTTP ${result.value.status} ${result.value.body}` : String(result.reason)}`);
      }
      const calls = station.frames.since(from).filter((f) => f.frame?.type === CALL);
      expect(calls.length === 2, `expected 2 CALLs from the CSMS, got ${calls.length}`);
      const [first, second] = calls as [(typeof calls)[number], (typeof calls)[number]];
      const firstAction = first.frame?.type === CALL ? first.frame.action : '';
      const answered = answeredAt.get(firstAction) ?? Number.POSITIVE_INFINITY;
      expect(second.at >= answered, `the CSMS sent its second CALL ${(answered - second.at).toFixed(0)} ms before its ${firstAction} was answered`);
      return 'in turn';
    },
  },
];
