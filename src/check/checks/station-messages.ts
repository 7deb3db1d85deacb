import { expect, type CheckDefinition } from '../types.js';

const now = (): string => new Date().toISOString();

/** Status, authorization and the notifications a station sends on its own. */
export const STATION_MESSAGE_CHECKS: readonly CheckDefinition[] = [
  {
    name: 'status-station',
    proves: 'the StatusNotification of connector 0 (the charge point as a whole) is answered',
    refs: { 'ocpp1.6': { section: '1.6 §4.9', octt: 'TC_001_CSMS' } },
    async run(ctx) {
      const { station } = await ctx.booted();
      await station.call('StatusNotification', { connectorId: 0, errorCode: 'NoError', status: 'Available', timestamp: now() });
    },
  },
  {
    name: 'status-every-connector',
    proves: 'the StatusNotification of every connector (1.6) / EVSE (2.0.1) after boot is answered',
    refs: { 'ocpp1.6': { section: '1.6 §4.9', octt: 'TC_001_CSMS' }, 'ocpp2.0.1': { section: '2.0.1 G01', octt: 'TC_B_01_CSMS' } },
    async run(ctx) {
      const { station } = await ctx.booted();
      for (let n = 1; n <= ctx.settings.connectors; n++) await station.call('StatusNotification', ctx.speech.status(n, 'Available'));
      return `${ctx.settings.connectors} ${ctx.version === 'ocpp1.6' ? 'connectors' : 'EVSEs'}`;
    },
  },
  {
    name: 'status-every-value',
    proves: 'a StatusNotification with each status value of the version is answered (Faulted with an error code)',
    refs: { 'ocpp1.6': { section: '1.6 §4.9, §7.7' }, 'ocpp2.0.1': { section: '2.0.1 G01, ConnectorStatusEnumType' } },
    async run(ctx) {
      const { station } = await ctx.booted();
      for (const status of ctx.speech.statuses) await station.call('StatusNotification', ctx.speech.status(1, status));
      await station.call('StatusNotification', ctx.speech.status(1, 'Available'));
      return `${ctx.speech.statuses.length} values`;
    },
  },
  {
    name: 'authorize-known',
    proves: 'Authorize with a token the CSMS knows (--id-tag) is Accepted',
    refs: { 'ocpp1.6': { section: '1.6 §4.1', octt: 'TC_004_1_CSMS' }, 'ocpp2.0.1': { section: '2.0.1 C01', octt: 'TC_E_04_CSMS' } },
    async run(ctx) {
      const { station } = await ctx.booted();
      const answer = await station.call('Authorize', ctx.speech.authorize(ctx.settings.idTag));
      const status = ctx.speech.authStatus(answer);
      expect(status === 'Accepted', `Authorize of the known token ${ctx.settings.idTag} answered ${String(status)}, expected Accepted`);
    },
  },
  {
    name: 'authorize-unknown',
    proves: 'Authorize with a token the CSMS cannot know is not Accepted (Invalid or Unknown)',
    refs: { 'ocpp1.6': { section: '1.6 §4.1, §7.1', octt: 'TC_023_1_CSMS' }, 'ocpp2.0.1': { section: '2.0.1 C01', octt: 'TC_C_02_CSMS' } },
    async run(ctx) {
      const { station } = await ctx.booted();
      const answer = await station.call('Authorize', ctx.speech.authorize(ctx.settings.unknownIdTag));
      const status = ctx.speech.authStatus(answer);
      expect(status !== 'Accepted', `Authorize of the unknown token ${ctx.settings.unknownIdTag} answered Accepted`);
      return `${String(status)}`;
    },
  },
  {
    name: 'data-transfer-unknown-vendor',
    proves: 'a DataTransfer for a vendor the CSMS does not know is answered UnknownVendorId, not a CALLERROR',
    refs: { 'ocpp1.6': { section: '1.6 §4.3', octt: 'TC_064_CSMS' }, 'ocpp2.0.1': { section: '2.0.1 P02.FR.06', octt: 'TC_P_02_CSMS' } },
    async run(ctx) {
      const { station } = await ctx.booted();
      const answer = await station.call('DataTransfer', { vendorId: 'org.ocpp-sim.check.unknown', messageId: 'probe', data: 'hello' });
      expect(answer.status === 'UnknownVendorId', `DataTransfer for an unknown vendor answered ${String(answer.status)}, expected UnknownVendorId`);
    },
  },
  {
    name: 'meter-values-idle',
    proves: 'MeterValues outside a transaction (clock-aligned readings) are answered',
    refs: { 'ocpp1.6': { section: '1.6 §4.7' }, 'ocpp2.0.1': { section: '2.0.1 J01', octt: 'TC_J_01_CSMS' } },
    async run(ctx) {
      const { station } = await ctx.booted();
      const reading = ctx.version === 'ocpp1.6'
        ? { connectorId: 0, meterValue: [{ timestamp: now(), sampledValue: [{ value: '1234', context: 'Sample.Clock', measurand: 'Energy.Active.Import.Register', unit: 'Wh' }] }] }
        : { evseId: 0, meterValue: [{ timestamp: now(), sampledValue: [{ value: 1234, context: 'Sample.Clock', measurand: 'Energy.Active.Import.Register' }] }] };
      await station.call('MeterValues', reading);
    },
  },
  {
    name: 'firmware-status-idle',
    proves: 'a FirmwareStatusNotification (Idle) is answered',
    refs: { 'ocpp1.6': { section: '1.6 §4.5' }, 'ocpp2.0.1': { section: '2.0.1 L01', octt: 'TC_F_18_CSMS' } },
    async run(ctx) {
      const { station } = await ctx.booted();
      await station.call('FirmwareStatusNotification', { status: 'Idle' });
    },
  },
  {
    name: 'diagnostics-status-idle',
    proves: 'a DiagnosticsStatusNotification (Idle) is answered',
    refs: { 'ocpp1.6': { section: '1.6 §4.4' } },
    async run(ctx) {
      const { station } = await ctx.booted();
      await station.call('DiagnosticsStatusNotification', { status: 'Idle' });
    },
  },
  {
    name: 'log-status-idle',
    proves: 'a LogStatusNotification (Idle) is answered',
    refs: { 'ocpp2.0.1': { section: '2.0.1 N01', octt: 'TC_F_15_CSMS' } },
    async run(ctx) {
      const { station } = await ctx.booted();
      await station.call('LogStatusNotification', { status: 'Idle' });
    },
  },
  {
    name: 'security-event',
    proves: 'a SecurityEventNotification is answered',
    refs: { 'ocpp2.0.1': { section: '2.0.1 A04' } },
    async run(ctx) {
      const { station } = await ctx.booted();
      await station.call('SecurityEventNotification', { type: 'SettingSystemTime', timestamp: now(), techInfo: 'ocpp-sim check' });
    },
  },
  {
    name: 'notify-event',
    proves: 'a NotifyEvent (a component variable changed) is answered',
    refs: { 'ocpp2.0.1': { section: '2.0.1 N07' } },
    async run(ctx) {
      const { station } = await ctx.booted();
      await station.call('NotifyEvent', {
        generatedAt: now(), seqNo: 0,
        eventData: [{
          eventId: 1, timestamp: now(), trigger: 'Delta', actualValue: 'Available', eventNotificationType: 'HardWiredNotification',
          component: { name: 'Connector', evse: { id: 1, connectorId: 1 } }, variable: { name: 'AvailabilityState' },
        }],
      });
    },
  },
];
