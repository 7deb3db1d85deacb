import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runWarnings, type WarningInput } from '../../src/cli/run-warnings.js';

const base: WarningInput = {
  explicit: new Set(), label: (key) => `--${key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`, url: undefined, count: 10, shard: undefined,
  ratePerSec: 1000, durationMs: 30_000, idPrefix: 'CP-', trace: undefined, traceIds: undefined, workers: undefined,
};

// Every ignored or contradictory setting is one line before the run; a plain run has none.
const CASES: Array<[string, Partial<WarningInput>, RegExp[]]> = [
  ['a plain run', {}, []],
  ['--trace-ids without --trace', { traceIds: new Set(['CP-001']) }, [/^--trace-ids is ignored without --trace/]],
  ['--trace-ids naming an id not in the fleet', { trace: '/t', traceIds: new Set(['CP-001', 'CP-011', 'X']) }, [/^--trace-ids: CP-011, X are not in this fleet \(ids run CP-001 … CP-010\)/]],
  ['--trace-ids naming ids of the fleet', { trace: '/t', traceIds: new Set(['CP-001', 'CP-010']) }, []],
  ['--trace-ids naming an id of another shard', { trace: '/t', shard: { index: 1, total: 2 }, traceIds: new Set(['CP-001']) }, [/CP-001 is not in this fleet/]],
  ['--gateway-response-delay with --url', { url: 'ws://x/ocpp', explicit: new Set(['gatewayResponseDelay']) }, [/^--gateway-response-delay is ignored with --url/]],
  ['--heartbeat-interval with --url', { url: 'ws://x/ocpp', explicit: new Set(['heartbeatInterval']) }, [/^--heartbeat-interval is ignored with --url/]],
  ['--gateway-response-delay without --url', { explicit: new Set(['gatewayResponseDelay']) }, []],
  ['device steps with --url', { url: 'ws://x/ocpp', requestSteps: ['updateFirmware', 'reserve'] }, [/^the scenario's updateFirmware, reserve steps ask ocpp-sim's gateway \(embedded, or ocpp-sim gateway\) for central-system CALLs .*UnknownVendorId/]],
  ['device steps against the embedded gateway', { requestSteps: ['updateFirmware'] }, []],
  ['--workers 5 -n 4', { workers: 5, count: 4 }, [/^--workers 5 with 4 charge points: using 4 worker processes/]],
  ['--workers 4 -n 4', { workers: 4, count: 4 }, []],
  ['--id-prefix with ids from a data file', { idsFromData: true, explicit: new Set(['idPrefix']) }, [/^--id-prefix is ignored: every charge point takes its id from the id column of its data file$/]],
  ['--id-prefix with a data file without ids', { idsFromData: false, explicit: new Set(['idPrefix']) }, []],
  ['--trace-ids naming ids of a data file', { trace: '/t', idOf: (i) => `ROW-${i}`, traceIds: new Set(['ROW-3']) }, []],
  ['--trace-ids naming a prefix id when the ids come from a data file', { trace: '/t', idOf: (i) => `ROW-${i}`, traceIds: new Set(['CP-001']) }, [/^--trace-ids: CP-001 is not in this fleet \(ids run ROW-0 … ROW-9\)/]],
  ['-n 1000 --rate 100 -d 5s', { count: 1000, ratePerSec: 100, durationMs: 5000 }, [/^the ramp outlasts the run: 1000 charge points at --rate 100\/s take 10s to start, --duration is 5s; about 500 will start/]],
  ['-n 1000 --rate 100 -d 10s', { count: 1000, ratePerSec: 100, durationMs: 10_000 }, []],
  ['-n 1000 --rate 0 -d 1s', { count: 1000, ratePerSec: 0, durationMs: 1000 }, []],
];

test('each ignored or contradictory run setting gets one warning line, and a consistent run none', () => {
  for (const [name, change, expected] of CASES) {
    const warnings = runWarnings({ ...base, ...change });
    assert.equal(warnings.length, expected.length, `${name}: ${JSON.stringify(warnings)}`);
    expected.forEach((re, i) => assert.match(warnings[i] as string, re, name));
    for (const w of warnings) assert.doesNotMatch(w, /\n/, `${name}: one line`);
  }
});
