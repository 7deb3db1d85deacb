import { OcppError } from '../../protocol/errors.js';
import { clockSkewSec, signedSeconds } from '../assertions.js';
import type { CheckContext } from '../context.js';
import type { Station } from '../station.js';
import { expect, type CheckDefinition } from '../types.js';

/** The longest heartbeat interval a check calls sane: one day, in seconds. */
const MAX_INTERVAL_SEC = 86_400;

/** Fails unless a CALL other than BootNotification from a station that is not Accepted gets SecurityError. */
async function expectSecurityError(ctx: CheckContext, station: Station, status: string): Promise<void> {
  try {
    await station.call('Heartbeat', {});
  } catch (error) {
    if (error instanceof OcppError && error.receivedCode === 'SecurityError') return;
    throw error;
  }
  ctx.fail(`a Heartbeat while ${status} was answered with a CALLRESULT, expected CALLERROR SecurityError`);
}

async function notAccepted(ctx: CheckContext, id: string, status: 'Pending' | 'Rejected'): Promise<string> {
  const station = await ctx.connect({ id });
  const answer = await station.call('BootNotification', ctx.speech.boot());
  expect(answer.status === status, `BootNotification of ${id} answered ${String(answer.status)}, expected ${status}`);
  expect(typeof answer.interval === 'number' && answer.interval > 0, `a ${status} answer must say when to boot again: interval ${String(answer.interval)}`);
  clockSkewSec(ctx, 'currentTime', answer.currentTime);
  if (!station.isOpen) return `closed by the CSMS after ${status}`;
  await expectSecurityError(ctx, station, status);
  return `interval ${String(answer.interval)}s, Heartbeat refused with SecurityError`;
}

/** Cold boot: the answer, its interval and its clock; Pending and Rejected as the text says. */
export const BOOT_CHECKS: readonly CheckDefinition[] = [
  {
    name: 'boot-accepted',
    proves: 'a cold boot (BootNotification) is answered Accepted with a schema-valid answer',
    refs: { 'ocpp1.6': { section: '1.6 §4.2', octt: 'TC_001_CSMS' }, 'ocpp2.0.1': { section: '2.0.1 B01', octt: 'TC_B_01_CSMS' } },
    async run(ctx) {
      const { station } = await ctx.booted();
      return `${station.id} Accepted`;
    },
  },
  {
    name: 'boot-interval',
    proves: `the Accepted boot answer's interval is a heartbeat interval a station can use: 1 to ${MAX_INTERVAL_SEC} s`,
    refs: { 'ocpp1.6': { section: '1.6 §4.2', octt: 'TC_001_CSMS' }, 'ocpp2.0.1': { section: '2.0.1 B01.FR.04', octt: 'TC_B_01_CSMS' } },
    async run(ctx) {
      const { answer } = await ctx.booted();
      const interval = answer.interval;
      expect(typeof interval === 'number' && interval >= 1 && interval <= MAX_INTERVAL_SEC, `interval ${String(interval)} is not between 1 and ${MAX_INTERVAL_SEC} s`);
      return `interval ${interval}s`;
    },
  },
  {
    name: 'boot-current-time',
    proves: "the boot answer's currentTime is a date-time close to the real time (the skew is reported)",
    refs: { 'ocpp1.6': { section: '1.6 §4.2', octt: 'TC_001_CSMS' }, 'ocpp2.0.1': { section: '2.0.1 B01', octt: 'TC_B_01_CSMS' } },
    async run(ctx) {
      const { answer } = await ctx.booted();
      return `clock skew ${signedSeconds(clockSkewSec(ctx, 'currentTime', answer.currentTime))}`;
    },
  },
  {
    name: 'boot-pending',
    proves: 'a station the CSMS answers Pending is told when to boot again, and its other CALLs get SecurityError',
    refs: {
      'ocpp1.6': { section: '1.6 §4.2, errata §3.8' },
      'ocpp2.0.1': { section: '2.0.1 B02, B02.FR.09', octt: 'TC_B_02_CSMS' },
    },
    needs: ['pending-id'],
    run: (ctx) => notAccepted(ctx, ctx.settings.pendingId as string, 'Pending'),
  },
  {
    name: 'boot-rejected',
    proves: 'a station the CSMS answers Rejected is told when to retry, and its other CALLs get SecurityError',
    refs: {
      'ocpp1.6': { section: '1.6 §4.2, errata §3.8' },
      'ocpp2.0.1': { section: '2.0.1 B03, B03.FR.07', octt: 'TC_B_30_CSMS' },
    },
    needs: ['rejected-id'],
    run: (ctx) => notAccepted(ctx, ctx.settings.rejectedId as string, 'Rejected'),
  },
  {
    name: 'reboot-accepted',
    proves: 'a station that reconnects and boots again (power cycle) is Accepted again',
    refs: { 'ocpp1.6': { section: '1.6 §4.2' }, 'ocpp2.0.1': { section: '2.0.1 B01' } },
    async run(ctx) {
      const first = await ctx.booted();
      first.station.close();
      await first.station.waitClosed(ctx.settings.callTimeoutMs);
      await ctx.booted();
    },
  },
  {
    name: 'reconnect-without-boot',
    proves: 'a station that reconnects without booting again (a network outage) is served: its Heartbeat is answered',
    refs: { 'ocpp1.6': { section: 'OCPP-J 1.6 §5.4' }, 'ocpp2.0.1': { section: '2.0.1 B04' } },
    async run(ctx) {
      const first = await ctx.booted();
      first.station.close();
      await first.station.waitClosed(ctx.settings.callTimeoutMs);
      const again = await ctx.connect();
      await again.call('Heartbeat', {});
    },
  },
  {
    name: 'heartbeat',
    proves: "a Heartbeat is answered with a currentTime close to the real time (the skew is reported)",
    refs: { 'ocpp1.6': { section: '1.6 §4.6' }, 'ocpp2.0.1': { section: '2.0.1 G02' } },
    async run(ctx) {
      const { station } = await ctx.booted();
      const answer = await station.call('Heartbeat', {});
      return `clock skew ${signedSeconds(clockSkewSec(ctx, 'currentTime', answer.currentTime))}`;
    },
  },
];
