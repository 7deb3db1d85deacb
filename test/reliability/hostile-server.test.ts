import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { MAX_KEYS, OTHER_KEY } from '../../src/metrics/bounded-keys.js';
import { readSummary, runCli, withTempDir } from '../helpers/cli-run.js';
import { ScriptedCsms } from '../helpers/scripted-csms.js';

// The simulator against a central system that answers its boot, then sends garbage: frames
// nested thousands deep, CALLs named after Object.prototype properties, thousands of made-up
// action names and error codes. The run must end as planned with its summary, --out and
// --junit, every count in a named or the "_other" bucket, totals exact.

const deep = (depth: number): string => `${'['.repeat(depth)}${']'.repeat(depth)}`;
const MADE_UP = 1_000;

test('a run against a server sending nested frames, prototype names and 1,000 made-up actions ends with its summary and files', () => withTempDir(async (dir) => {
  const csms = await ScriptedCsms.start((call, server) => {
    if (call.action === 'Heartbeat') {
      // Heartbeat answers are CALLERRORs with made-up codes, the first one nested 20,000 deep.
      call.ws.send(JSON.stringify([4, call.id, `Code-${call.id}`, '', {}]));
      return;
    }
    server.answer(call);
    if (call.action !== 'BootNotification') return;
    const send = (text: string): void => call.ws.send(text);
    send(deep(20_000));
    send(`[2,"deep-call","Reset",{"a":${deep(20_000)}}]`);
    send(`[3,"deep-result",{"a":${deep(20_000)}}]`);
    for (const action of ['toString', 'constructor', '__proto__', 'hasOwnProperty', 'A'.repeat(70_000)]) send(JSON.stringify([2, `p-${action.length}-${action.slice(0, 8)}`, action, {}]));
    for (let i = 0; i < MADE_UP; i++) send(JSON.stringify([2, `m${i}`, `Made${i}`, {}]));
  });
  csms.keepFrames = true;
  csms.interval = 1;
  try {
    const run = await runCli(['run', '--url', csms.url, '--count', '2', '--duration', '3s', '--out', 'out.json', '--junit', 'junit.xml'], { cwd: dir, ms: 30_000 });
    assert.doesNotMatch(run.stderr(), /^\s+at /m, 'no stack trace');
    assert.doesNotMatch(run.stdout() + run.stderr(), /native code|toPrecision/);
    assert.ok(existsSync(join(dir, 'out.json')), `--out written (exit ${run.code}):\n${run.stderr()}`);
    assert.ok(existsSync(join(dir, 'junit.xml')), '--junit written');
    assert.ok(readFileSync(join(dir, 'junit.xml'), 'utf8').startsWith('<?xml'));
    assert.ok(run.stdout().split('\n').length < 2 * MAX_KEYS + 100, `the summary is bounded (${run.stdout().split('\n').length} lines)`);

    const doc = readSummary(join(dir, 'out.json'));
    // The central system's CALLs are counted apart from the answers to the fleet's (inbound).
    const { inbound: received, errors } = doc.counts;
    assert.ok(Object.keys(received).length <= MAX_KEYS + 1);
    for (const name of ['toString', 'constructor', '__proto__', 'hasOwnProperty']) assert.ok(!Object.hasOwn(received, name), `${name} counted under ${OTHER_KEY}`);
    // Per charge point: 5 odd names and 1,000 made-up ones are CALLs received; all are counted.
    const other = received[OTHER_KEY] ?? 0;
    assert.ok(other >= 2 * 5, `at least the odd names of both charge points in ${OTHER_KEY}: ${other}`);
    const total = Object.values(received).reduce((a, b) => a + b, 0);
    assert.ok(total >= 2 * (5 + MADE_UP), `every CALL received is counted: ${total}`);
    assert.ok(Object.keys(errors).length <= 2 * MAX_KEYS + 20, 'error kinds are bounded');
    assert.ok(Object.keys(errors).every((kind) => kind.length < 100));
  } finally {
    await csms.close();
  }
}));
