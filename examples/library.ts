// ocpp-sim as a library: an embedded central system with one answer overridden, a fleet of
// five charge points running the shipped charging-session scenario against it, and a CALL
// from the central system to one charge point while the fleet runs.
//
// Run it from a project that depends on ocpp-sim (the packing test does exactly this):
//   npx tsc --module nodenext --target es2022 examples/library.ts && node examples/library.js
import { OcppError, runFleet, startGateway, type Payload } from 'ocpp-sim';

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

// The fleet runs for 3 s; meanwhile the central system resets CP-001 once it is connected.
const running = runFleet({ url: gateway.url, scenario: 'charging-session', count: 5, durationMs: 3_000, seed: 7 });
for (let i = 0; i < 50 && !('CP-001' in gateway.connections()); i++) await new Promise((r) => setTimeout(r, 50));
const reset = await gateway.call('CP-001', 'Reset', { type: 'Soft' });   // rejects with OcppError / RpcError / GatewayError
console.log('Reset answered', JSON.stringify(reset));

const result = await running;
console.log(`outcome ${result.outcome}: ${result.fleet.everBooted} of ${result.fleet.count} booted`);
console.log('gateway stats', JSON.stringify(gateway.stats()));
await gateway.close();
process.exitCode = result.outcome === 'completed' && result.fleet.everBooted === 5 ? 0 : 1;
