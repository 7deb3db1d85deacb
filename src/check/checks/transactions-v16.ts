import type { Payload } from '../../protocol/frame.js';
import type { CheckContext } from '../context.js';
import type { Station } from '../station.js';
import { expect, type CheckDefinition } from '../types.js';

const iso = (ms: number): string => new Date(ms).toISOString();

/** A reading of the energy register in Wh at `at`, in a given context. */
const reading = (wh: number, at: number, context: string): Payload => ({
  timestamp: iso(at), sampledValue: [{ value: String(wh), context, measurand: 'Energy.Active.Import.Register', unit: 'Wh' }],
});

/** StartTransaction on connector 1 for `idTag` at `at`; returns the answer after checking its transactionId. */
export async function startV16(ctx: CheckContext, station: Station, idTag: string, at = Date.now()): Promise<{ transactionId: number; status: string | undefined }> {
  const answer = await station.call('StartTransaction', { connectorId: 1, idTag, meterStart: 1000, timestamp: iso(at) });
  const transactionId = answer.transactionId;
  expect(Number.isInteger(transactionId), `StartTransaction answered transactionId ${String(transactionId)}, expected an integer`);
  return { transactionId: transactionId as number, status: ctx.speech.authStatus(answer) };
}

/** StopTransaction of `transactionId` with transactionData, `idTag` when given. */
export async function stopV16(station: Station, transactionId: number, reason: string, idTag: string | undefined, at = Date.now()): Promise<Payload> {
  return station.call('StopTransaction', {
    transactionId, meterStop: 1500, timestamp: iso(at), reason, ...(idTag !== undefined ? { idTag } : {}),
    transactionData: [reading(1000, at - 60_000, 'Transaction.Begin'), reading(1500, at, 'Transaction.End')],
  });
}

/** OCPP 1.6 transactions: Start/MeterValues/Stop, ids, unknown tokens, the offline queue. */
export const TRANSACTION_CHECKS_V16: readonly CheckDefinition[] = [
  {
    name: 'transaction-full',
    proves: 'a whole session is served: Authorize, StartTransaction (an integer transactionId, Accepted), MeterValues with the id, StopTransaction with transactionData',
    refs: { 'ocpp1.6': { section: '1.6 §4.8, §4.7, §4.10', octt: 'TC_004_1_CSMS' } },
    async run(ctx) {
      const { station } = await ctx.booted();
      const tag = ctx.settings.idTag;
      await station.call('Authorize', { idTag: tag });
      await station.call('StatusNotification', ctx.speech.status(1, 'Preparing'));
      const { transactionId, status } = await startV16(ctx, station, tag);
      expect(status === 'Accepted', `StartTransaction with the known token answered ${String(status)}, expected Accepted`);
      await station.call('StatusNotification', ctx.speech.status(1, 'Charging'));
      await station.call('MeterValues', { connectorId: 1, transactionId, meterValue: [reading(1250, Date.now(), 'Sample.Periodic')] });
      const stop = await stopV16(station, transactionId, 'Local', tag);
      expect(ctx.speech.authStatus(stop) === 'Accepted', `StopTransaction with the known token answered idTagInfo ${String(ctx.speech.authStatus(stop))}`);
      await station.call('StatusNotification', ctx.speech.status(1, 'Finishing'));
      await station.call('StatusNotification', ctx.speech.status(1, 'Available'));
      return `transactionId ${transactionId}`;
    },
  },
  {
    name: 'transaction-stop-without-tag',
    proves: 'a StopTransaction without idTag (stopped by the EV side) is answered, without an idTagInfo being required',
    refs: { 'ocpp1.6': { section: '1.6 §4.10', octt: 'TC_005_1_CSMS' } },
    async run(ctx) {
      const { station } = await ctx.booted();
      const { transactionId } = await startV16(ctx, station, ctx.settings.idTag);
      await stopV16(station, transactionId, 'EVDisconnected', undefined);
    },
  },
  {
    name: 'transaction-ids-unique',
    proves: 'transactions started at once on two charge points get different transaction ids',
    refs: { 'ocpp1.6': { section: '1.6 §4.8' } },
    async run(ctx) {
      const [a, b] = await Promise.all([ctx.booted({ n: 1 }), ctx.booted({ n: 2 })]);
      const ids: number[] = [];
      for (let round = 0; round < 2; round++) {
        const started = await Promise.all([startV16(ctx, a.station, ctx.settings.idTag), startV16(ctx, b.station, ctx.settings.idTag)]);
        for (const { transactionId } of started) ids.push(transactionId);
        await Promise.all([stopV16(a.station, started[0].transactionId, 'Local', undefined), stopV16(b.station, started[1].transactionId, 'Local', undefined)]);
      }
      expect(new Set(ids).size === ids.length, `transaction ids repeat: ${ids.join(', ')}`);
      return `ids ${ids.join(', ')}`;
    },
  },
  {
    name: 'transaction-unknown-tag',
    proves: 'StartTransaction with an unknown token still gets a transactionId, with idTagInfo not Accepted',
    refs: { 'ocpp1.6': { section: '1.6 §4.8', octt: 'TC_023_1_CSMS' } },
    async run(ctx) {
      const { station } = await ctx.booted();
      const { transactionId, status } = await startV16(ctx, station, ctx.settings.unknownIdTag);
      expect(status !== 'Accepted', `StartTransaction with the unknown token ${ctx.settings.unknownIdTag} answered Accepted`);
      await stopV16(station, transactionId, 'DeAuthorized', undefined);
      return `${String(status)}`;
    },
  },
  {
    name: 'transaction-offline-queue',
    proves: 'a transaction kept while offline is accepted after a reconnect with its original timestamps (Start, MeterValues, Stop sent late)',
    refs: { 'ocpp1.6': { section: '1.6 §4.8, §4.10', octt: 'TC_039_CSMS' } },
    async run(ctx) {
      const first = await ctx.booted();
      first.station.close();
      await first.station.waitClosed(ctx.settings.callTimeoutMs);
      const station = await ctx.connect();
      const startedAt = Date.now() - 10 * 60_000;
      const { transactionId, status } = await startV16(ctx, station, ctx.settings.idTag, startedAt);
      expect(status === 'Accepted', `the late StartTransaction answered ${String(status)}, expected Accepted`);
      await station.call('MeterValues', { connectorId: 1, transactionId, meterValue: [reading(1200, startedAt + 5 * 60_000, 'Sample.Periodic')] });
      await stopV16(station, transactionId, 'Local', ctx.settings.idTag, startedAt + 9 * 60_000);
      return `started 10 min ago, transactionId ${transactionId}`;
    },
  },
  {
    name: 'transaction-stop-unknown-id',
    proves: 'a StopTransaction for a transaction id the CSMS never gave out is still answered (a stop cannot be refused)',
    refs: { 'ocpp1.6': { section: '1.6 §4.10' } },
    async run(ctx) {
      const { station } = await ctx.booted();
      await stopV16(station, 2_000_000_000 + Math.floor(Math.random() * 1_000_000), 'PowerLoss', undefined);
    },
  },
];
