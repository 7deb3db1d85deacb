// ocpp-sim as a library: an embedded central system with one answer overridden, a fleet of
// five charge points running the shipped charging-session scenario against it, and a CALL
// from the central system to one charge point while the fleet runs, reported by a shipped output
// (the summary JSON) and one written here (the peak of open connections).
//
// Run it from a project that depends on ocpp-sim (the packing test does exactly this):
//   npx tsc --module nodenext --target es2022 examples/library.ts && node examples/library.js
import { jsonOutput, OcppError, runFleet, startGateway, type Output, type Payload, type SummaryDocument } from 'ocpp-sim';

const gateway = await startGateway({
  port: 0,
  bootStatus: 'Accepted',
  responseDelay: { kind: 'uniform', minMs: 5, maxMs: 20 },
  seed: 42,
  handlers: {
    Authorize: (payload: Payload) => {
      if (payload.idTag === 'BLOCKED') throw new OcppError('GenericError', 'blocked');
      return { idTagInfo: { status: 'Accepted' } };
    },
  },
  onConnect: (e) => console.log('connected', e.chargePointId, e.protocol),
  logLevel: 'warn',
});

// An output of our own: it pulls a snapshot of the fleet every 100 ms (never per message) and
// says the peak of open connections when it gets the summary.
let peak = 0;
let ticker: NodeJS.Timeout | undefined;
const peakConnections: Output<SummaryDocument> = {
  label: 'peak connections',
  attach: (live) => { ticker = setInterval(() => { peak = Math.max(peak, live.snapshot(false).open); }, 100); },
  stop: async () => clearInterval(ticker),
  finish: async (doc) => `peak ${peak} connections open, ${doc.chargePoints.booted} booted`,
};

// The fleet runs for 3 s; meanwhile the central system resets CP-001 once it is connected.
const running = runFleet({
  url: gateway.url, scenario: 'charging-session', count: 5, durationMs: 3_000, seed: 7,
  outputs: [jsonOutput('library-summary.json'), peakConnections],
  onOutputLine: (line) => console.log(line),
});
for (let i = 0; i < 50 && !('CP-001' in gateway.connections()); i++) await new Promise((r) => setTimeout(r, 50));
const reset = await gateway.call('CP-001', 'Reset', { type: 'Soft' });   // rejects with OcppError / RpcError / GatewayError
console.log('Reset answered', JSON.stringify(reset));

const result = await running;
console.log(`outcome ${result.outcome}: ${result.fleet.everBooted} of ${result.fleet.count} booted`);
console.log('gateway stats', JSON.stringify(gateway.stats()));
await gateway.close();
process.exitCode = result.outcome === 'completed' && result.fleet.everBooted === 5 && result.outputFailures?.length === 0 ? 0 : 1;
