import { randomUUID } from 'node:crypto';
import type { Payload } from '../../protocol/frame.js';
import type { CheckContext } from '../context.js';
import type { Station } from '../station.js';
import { expect, type CheckDefinition } from '../types.js';

const iso = (ms: number): string => new Date(ms).toISOString();

/** One energy reading in Wh at `at`. */
const meter = (wh: number, at: number, context: string): Payload => ({
  timestamp: iso(at), sampledValue: [{ value: wh, context, measurand: 'Energy.Active.Import.Register' }],
});

/** A TransactionEvent of one transaction, seqNo counting from 0 (E01.FR.07). */
export class Transaction201 {
  private seqNo = 0;
  constructor(private readonly station: Station, readonly id = randomUUID(), private readonly evseId = 1) {}

  event(eventType: 'Started' | 'Updated' | 'Ended', triggerReason: string, extra: Payload = {}, at = Date.now(), offline = false): Promise<Payload> {
    const { transactionInfo, ...rest } = extra;
    return this.station.call('TransactionEvent', {
      eventType, timestamp: iso(at), triggerReason, seqNo: this.seqNo++,
      transactionInfo: { transactionId: this.id, ...(transactionInfo as Payload | undefined) },
      ...(eventType === 'Started' ? { evse: { id: this.evseId, connectorId: 1 } } : {}), ...(offline ? { offline: true } : {}),
      ...rest,
    });
  }
}

const token = (idToken: string): Payload => ({ idToken: { idToken, type: 'ISO14443' } });

/** OCPP 2.0.1 transactions: TransactionEvent Started/Updated/Ended with seqNo and triggerReason. */
export const TRANSACTION_CHECKS_V201: readonly CheckDefinition[] = [
  {
    name: 'transaction-full',
    proves: 'a whole session is served: Authorize, TransactionEvent Started (Accepted), Updated with meter values, Ended, seqNo 0, 1, 2',
    refs: { 'ocpp2.0.1': { section: '2.0.1 E01, E06, J02', octt: 'TC_E_04_CSMS' } },
    async run(ctx) {
      const { station } = await ctx.booted();
      const tag = ctx.settings.idTag;
      await station.call('Authorize', token(tag));
      const tx = new Transaction201(station);
      const started = await tx.event('Started', 'Authorized', { ...token(tag), transactionInfo: { chargingState: 'Charging' }, meterValue: [meter(1000, Date.now(), 'Transaction.Begin')] });
      expect(ctx.speech.authStatus(started) === 'Accepted', `TransactionEvent Started with the known token answered idTokenInfo ${String(ctx.speech.authStatus(started))}`);
      await station.call('StatusNotification', ctx.speech.status(1, 'Occupied'));
      await tx.event('Updated', 'MeterValuePeriodic', { meterValue: [meter(1250, Date.now(), 'Sample.Periodic')] });
      await tx.event('Ended', 'StopAuthorized', { ...token(tag), transactionInfo: { stoppedReason: 'Local' }, meterValue: [meter(1500, Date.now(), 'Transaction.End')] });
      await station.call('StatusNotification', ctx.speech.status(1, 'Available'));
      return `transactionId ${tx.id}`;
    },
  },
  {
    name: 'transaction-cable-first',
    proves: 'a transaction started by plugging in (EVConnected, no token) and authorized later (Updated, Authorized) is served',
    refs: { 'ocpp2.0.1': { section: '2.0.1 E02', octt: 'TC_E_03_CSMS' } },
    async run(ctx) {
      const { station } = await ctx.booted();
      const tx = new Transaction201(station);
      await tx.event('Started', 'CablePluggedIn', { transactionInfo: { chargingState: 'EVConnected' } });
      const authorized = await tx.event('Updated', 'Authorized', { ...token(ctx.settings.idTag), transactionInfo: { chargingState: 'Charging' } });
      expect(ctx.speech.authStatus(authorized) === 'Accepted', `the Authorized update answered idTokenInfo ${String(ctx.speech.authStatus(authorized))}`);
      await tx.event('Ended', 'EVCommunicationLost', { transactionInfo: { stoppedReason: 'EVDisconnected' } });
    },
  },
  {
    name: 'transaction-ids-per-station',
    proves: 'two stations using the same transactionId (ids are made by each station) are both served',
    refs: { 'ocpp2.0.1': { section: '2.0.1 E01, TransactionType.transactionId' } },
    async run(ctx) {
      const [a, b] = await Promise.all([ctx.booted({ n: 1 }), ctx.booted({ n: 2 })]);
      const first = new Transaction201(a.station);
      const second = new Transaction201(b.station, first.id);
      const answers = await Promise.all([first, second].map((tx) => tx.event('Started', 'Authorized', token(ctx.settings.idTag))));
      for (const answer of answers) expect(ctx.speech.authStatus(answer) === 'Accepted', `a Started event answered idTokenInfo ${String(ctx.speech.authStatus(answer))}`);
      await Promise.all([first, second].map((tx) => tx.event('Ended', 'StopAuthorized', { transactionInfo: { stoppedReason: 'Local' } })));
      return `both served ${first.id}`;
    },
  },
  {
    name: 'transaction-unknown-token',
    proves: 'a transaction started with an unknown token is answered with idTokenInfo not Accepted',
    refs: { 'ocpp2.0.1': { section: '2.0.1 E01, C01', octt: 'TC_C_02_CSMS' } },
    async run(ctx) {
      const { station } = await ctx.booted();
      const tx = new Transaction201(station);
      const answer = await tx.event('Started', 'Authorized', token(ctx.settings.unknownIdTag));
      const status = ctx.speech.authStatus(answer);
      expect(status !== undefined && status !== 'Accepted', `the Started event with an unknown token answered idTokenInfo ${String(status)}`);
      await tx.event('Ended', 'Deauthorized', { transactionInfo: { stoppedReason: 'DeAuthorized' } });
      return status;
    },
  },
  {
    name: 'transaction-offline-queue',
    proves: 'transaction events kept while offline (offline true, original timestamps) are accepted after a reconnect',
    refs: { 'ocpp2.0.1': { section: '2.0.1 E04, E01' } },
    async run(ctx) {
      const first = await ctx.booted();
      first.station.close();
      await first.station.waitClosed(ctx.settings.callTimeoutMs);
      const station = await ctx.connect();
      const startedAt = Date.now() - 10 * 60_000;
      const tx = new Transaction201(station);
      const started = await tx.event('Started', 'Authorized', token(ctx.settings.idTag), startedAt, true);
      expect(ctx.speech.authStatus(started) === 'Accepted', `the late Started event answered idTokenInfo ${String(ctx.speech.authStatus(started))}`);
      await tx.event('Updated', 'MeterValuePeriodic', { meterValue: [meter(1200, startedAt + 5 * 60_000, 'Sample.Periodic')] }, startedAt + 5 * 60_000, true);
      await tx.event('Ended', 'StopAuthorized', { transactionInfo: { stoppedReason: 'Local' } }, startedAt + 9 * 60_000, true);
      return 'started 10 min ago';
    },
  },
  {
    name: 'transaction-ended-without-token',
    proves: 'an Ended event without an idToken (the EV left) is answered',
    refs: { 'ocpp2.0.1': { section: '2.0.1 E06', octt: 'TC_E_14_CSMS' } },
    async run(ctx) {
      const { station } = await ctx.booted();
      const tx = new Transaction201(station);
      await tx.event('Started', 'Authorized', token(ctx.settings.idTag));
      await tx.event('Ended', 'EVCommunicationLost', { transactionInfo: { stoppedReason: 'EVDisconnected' } });
    },
  },
];
