import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Command } from 'commander';
import { COMMAND_HELP, commandPath } from '../../src/cli/help-texts.js';
import { buildProgram } from '../../src/cli/program.js';
import { didYouMean, editDistance } from '../../src/cli/suggest.js';
import { COUNTER_METRICS, TIME_METRICS } from '../../src/metrics/threshold-metrics.js';
import { fakeIo } from '../helpers/fake-io.js';
import { oneErrorLine, runCli } from '../helpers/cli-run.js';

function allCommands(command: Command): Command[] {
  return [command, ...command.commands.flatMap(allCommands)];
}

const paths = allCommands(buildProgram(fakeIo('/').io, { code: 0 }, '0.0.0')).map(commandPath);

test('every command has help texts with examples and exit codes (add new ones to src/cli/help-texts.ts)', () => {
  for (const path of paths) assert.ok(COMMAND_HELP[path], `'${path}' has examples and exit codes in COMMAND_HELP`);
});

test("every command's help has examples and exit codes, fits 80 columns and shows no empty default", async () => {
  for (const path of paths) {
    const fake = await runCli(['help', ...path.split(' ').filter(Boolean)], { cwd: '/' });
    assert.equal(fake.code, 0, `help ${path}: ${fake.stderr()}`);
    const text = fake.stdout();
    assert.match(text, /^Examples:\n {2}# .+\n {2}\$ ocpp-sim /m, `help ${path} has examples`);
    assert.match(text, /^Exit codes.*:\n {2}0 /m, `help ${path} has exit codes`);
    for (const line of text.split('\n')) assert.ok(line.length <= 80, `help ${path}: a line of ${line.length} columns: ${line}`);
    assert.doesNotMatch(text, /\(default: \[\]\)|\(default: .*\) \(default:/, `help ${path}: no empty or doubled default`);
  }
  const run = (await runCli(['run', '--help'], { cwd: '/' })).stdout();
  assert.match(run, /--workers <n\|auto>/);
  assert.match(run.replace(/\s+/g, ' '), /--scenario <file\[:N%\]> scenario file \(YAML\/JSON\) or the name of a shipped one/);
  assert.match(run, /-d, --duration <time>\s+how long the run lasts, e\.g\. 30s, 5m\s+\(default: 30s\)/, 'a default as typed, without quotes');
});

test('help is wrapped to the width of the terminal', async () => {
  for (const columns of [60, 100, 160]) {
    const fake = fakeIo('/');
    Object.assign(fake.io.stdout, { isTTY: true, columns });
    const { main } = await import('../../src/cli/main.js');
    assert.equal(await main(['gateway', '--help'], fake.io), 0);
    const widths = fake.stdout().split('\n').map((line) => line.length);
    assert.ok(Math.max(...widths) <= columns, `${columns} columns: the widest line is ${Math.max(...widths)}`);
    if (columns > 80) assert.ok(widths.some((w) => w > 80), `${columns} columns: the room is used`);
  }
});

test('help thresholds names every metric, the aggregations, the operators and the units', async () => {
  const fake = await runCli(['help', 'thresholds'], { cwd: '/' });
  assert.equal(fake.code, 0);
  const text = fake.stdout();
  for (const metric of [...Object.keys(TIME_METRICS), ...Object.keys(COUNTER_METRICS), '<Action>', '<Action>.corrected']) {
    assert.match(text, new RegExp(`^ {2}${metric.replace(/[.<>]/g, '\\$&')} +\\S`, 'm'), metric);
  }
  for (const word of ['p(N)', 'avg', 'min', 'max', 'med', 'count', 'rate', 'us, ms, s, m', '1%', '<, <=, >, >=, ==, !=']) assert.ok(text.includes(word), word);
});

// A mistyped command, subcommand, flag or topic: one line with the nearest name and the help that has the answer.
const MISTAKES: Array<[string[], RegExp]> = [
  [['gateway', 'cal', 'CP-001', 'Reset'], /^ocpp-sim: error: unknown command 'gateway cal'; did you mean 'gateway call'\? \('ocpp-sim gateway --help'\)$/],
  [['report'], /^ocpp-sim: error: missing subcommand of 'report': .*'report merge'.* \('ocpp-sim report --help' describes them\)$/],
  [[], /^ocpp-sim: error: missing command: one of 'run', 'gateway', .*'scenarios'.* \('ocpp-sim --help' describes them\)$/],
  [['runn'], /^ocpp-sim: error: unknown command 'runn'; did you mean run\?/],
  [['run', '--treshold', 'p(99)<1s'], /^ocpp-sim: error: unknown option '--treshold'; did you mean --threshold\? \('ocpp-sim run --help' lists its flags\)$/],
  [['help', 'thresold'], /^ocpp-sim: error: no help on 'thresold' \(did you mean 'ocpp-sim help thresholds'\?\)/],
  [['run', '--threshold', 'p(99)<<1s'], /--threshold: .* \('ocpp-sim help thresholds' has the syntax\)$/],
  [['run', '--count', 'many'], /--count must be an integer .* \('ocpp-sim run --help' describes every flag\)$/],
  [['gateway', '--port', 'x'], /--port .* \('ocpp-sim gateway --help' describes every flag\)$/],
  [['gateway', 'call'], /missing required argument 'id' \(see 'ocpp-sim gateway call --help'\)$/],
];

test('a mistyped command, subcommand, flag or topic exits 104 with one line naming the nearest and the help', async () => {
  for (const [argv, expected] of MISTAKES) {
    const fake = await runCli(argv, { cwd: '/' });
    assert.equal(fake.code, 104, argv.join(' '));
    assert.match(oneErrorLine(fake), expected, argv.join(' '));
    assert.equal(fake.stdout(), '', `${argv.join(' ')}: no help dumped`);
  }
});

test('did-you-mean takes a unique prefix or the nearest name within two edits, else nothing', () => {
  const table: Array<[string, string[], string | undefined]> = [
    ['cal', ['call'], 'call'],
    ['gatway', ['run', 'gateway'], 'gateway'],
    ['rnu', ['run', 'gateway'], 'run'],
    ['merg', ['merge', 'compare'], 'merge'],
    ['xyz', ['run', 'gateway'], undefined],
    ['r', ['run', 'report'], undefined],
    ['re', ['run', 'report'], 'report'],
  ];
  for (const [word, candidates, expected] of table) assert.equal(didYouMean(word, candidates), expected, word);
  assert.equal(editDistance('thresold', 'thresholds'), 2);
  assert.equal(editDistance('ab', 'ba'), 1);
});
