import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { MAX_KEYS, OTHER_KEY } from '../../src/metrics/bounded-keys.js';
import type { OcppVersion } from '../../src/protocol/versions.js';
import { readSummary, runCli, withTempDir } from '../helpers/cli-run.js';
import { ScriptedCsms } from '../helpers/scripted-csms.js';

// The simulator against a central system of each version that answers its boot, then sends
// garbage: frames nested thousands deep, CALLs named after Object.prototype properties,
// thousands of made-up action names and error codes; a 2.1 one also CALLRESULTERRORs with
// made-up and huge codes and SENDs with prototype and made-up names (OCPP-J 2.1 §4.2.5–4.2.6).
// The run must end as planned with its summary, --out and --junit, every count in a named or
// the "_other" bucket, totals exact.

const deep = (depth: number): string => `${'['.repeat(depth)}${']'.repeat(depth)}`;
const MADE_UP = 1_000;
const ODD_NAMES = ['toString', 'constructor', '__proto__', 'hasOwnProperty', 'A'.repeat(70_000)];
const PROTOTYPE_NAMES = ODD_NAMES.slice(0, 4);
const sum = (counts: Record<string, number>, keep: (key: string) => boolean = () => true): number =>
  Object.entries(counts).filter(([key]) => keep(key)).reduce((total, [, n]) => total + n, 0);

for (const version of ['ocpp1.6', 'ocpp2.0.1', 'ocpp2.1'] as const satisfies readonly OcppVersion[]) {
  const v21 = version === 'ocpp2.1';
  test(`a run against a ${version} server sending nested frames, prototype names and 1,000 made-up actions${v21 ? ', CALLRESULTERRORs and SENDs' : ''} ends with its summary and files`, () => withTempDir(async (dir) => {
    const csms = await ScriptedCsms.start((call, server) => {
      if (call.action === 'Heartbeat') {
        // Heartbeat answers are CALLERRORs with made-up codes.
        call.ws.send(JSON.stringify([4, call.id, `Code-${call.id}`, '', {}]));
        return;
      }
      server.answer(call);
      if (call.action !== 'BootNotification') return;
      const send = (text: string): void => call.ws.send(text);
      send(deep(20_000));
      send(`[2,"deep-call","Reset",{"a":${deep(20_000)}}]`);
      send(`[3,"deep-result",{"a":${deep(20_000)}}]`);
      for (const action of ODD_NAMES) send(JSON.stringify([2, `p-${action.length}-${action.slice(0, 8)}`, action, {}]));
      for (let i = 0; i < MADE_UP; i++) send(JSON.stringify([2, `m${i}`, `Made${i}`, {}]));
      if (!v21) return;
      // 2.1: refusals of answers the charge point never gave, with made-up, prototype-named and huge codes, one nested 20,000 deep; SENDs likewise.
      send(`[5,"deep-refusal","GenericError","",{"a":${deep(20_000)}}]`);
      for (const code of ODD_NAMES) send(JSON.stringify([5, `r-${code.length}-${code.slice(0, 8)}`, code, '', {}]));
      for (let i = 0; i < MADE_UP; i++) send(JSON.stringify([5, `r${i}`, `Refusal${i}`, '', {}]));
      send(`[6,"deep-send","NotifyPeriodicEventStream",{"a":${deep(20_000)}}]`);
      for (const action of ODD_NAMES) send(JSON.stringify([6, `s-${action.length}-${action.slice(0, 8)}`, action, {}]));
      for (let i = 0; i < MADE_UP; i++) send(JSON.stringify([6, `s${i}`, `Stream${i}`, {}]));
    });
    csms.keepFrames = true;
    csms.interval = 1;
    try {
      const run = await runCli(['run', '--url', csms.url, '--protocol', version, '--count', '2', '--duration', '3s', '--out', 'out.json', '--junit', 'junit.xml'], { cwd: dir, ms: 60_000 });
      assert.doesNotMatch(run.stderr(), /^\s+at /m, 'no stack trace');
      assert.doesNotMatch(run.stdout() + run.stderr(), /native code|toPrecision/);
      assert.ok(existsSync(join(dir, 'out.json')), `--out written (exit ${run.code}):\n${run.stderr()}`);
      assert.ok(existsSync(join(dir, 'junit.xml')), '--junit written');
      assert.ok(readFileSync(join(dir, 'junit.xml'), 'utf8').startsWith('<?xml'));
      assert.ok(run.stdout().split('\n').length < 2 * MAX_KEYS + 100, `the summary is bounded (${run.stdout().split('\n').length} lines)`);
      assert.ok(csms.connections.every((c) => c.ws.protocol === version), `every connection spoke ${version}`);

      const doc = readSummary(join(dir, 'out.json'));
      // The central system's CALLs are counted apart from the answers to the fleet's (inbound).
      const { inbound, received, errors, anomalies } = doc.counts;
      assert.ok(Object.keys(inbound).length <= MAX_KEYS + 1);
      for (const name of PROTOTYPE_NAMES) assert.ok(!Object.hasOwn(inbound, name), `${name} counted under ${OTHER_KEY}`);
      // Per charge point: 5 odd names and 1,000 made-up ones are CALLs received; all are counted.
      const other = inbound[OTHER_KEY] ?? 0;
      assert.ok(other >= 2 * ODD_NAMES.length, `at least the odd names of both charge points in ${OTHER_KEY}: ${other}`);
      assert.ok(sum(inbound) >= 2 * (ODD_NAMES.length + MADE_UP), `every CALL received is counted: ${sum(inbound)}`);
      assert.ok(Object.keys(errors).length <= 2 * MAX_KEYS + 20, 'error kinds are bounded');
      assert.ok(Object.keys(errors).every((kind) => kind.length < 100));
      assert.ok(Object.keys(anomalies).length <= MAX_KEYS + 20, `anomaly kinds are bounded (${Object.keys(anomalies).length})`);
      assert.ok(Object.keys(anomalies).every((kind) => kind.length < 100));
      if (!v21) return;
      // Every CALLRESULTERROR an anomaly under a bounded code, the odd ones under _other; every SEND counted as received.
      const refusals = sum(anomalies, (kind) => kind.startsWith('callresulterror:'));
      assert.ok(refusals >= 2 * (ODD_NAMES.length + MADE_UP), `every CALLRESULTERROR counted: ${refusals}`);
      assert.ok((anomalies[`callresulterror:${OTHER_KEY}`] ?? 0) >= 2 * ODD_NAMES.length, `the odd codes under callresulterror:${OTHER_KEY}: ${JSON.stringify(anomalies[`callresulterror:${OTHER_KEY}`])}`);
      for (const name of PROTOTYPE_NAMES) assert.ok(!Object.hasOwn(received, name), `a SEND named ${name} counted under ${OTHER_KEY}`);
      assert.ok(Object.keys(received).length <= MAX_KEYS + 1);
      assert.ok((received[OTHER_KEY] ?? 0) >= 2 * ODD_NAMES.length, `the odd SENDs under ${OTHER_KEY}: ${received[OTHER_KEY]}`);
      assert.ok(sum(received) >= 2 * (ODD_NAMES.length + MADE_UP), `every SEND counted as received: ${sum(received)}`);
    } finally {
      await csms.close();
    }
  }));
}
