import type { Command } from 'commander';
import { item, wrap } from './help-format.js';

const RUN_EXITS = [
  ['0', 'the run completed and every threshold passed'],
  ['1', 'the run could not happen: target unreachable, upgrade refused, gateway failed to start'],
  ['98', 'partial: a worker process died; its charge points count as lost, every output still written'],
  ['99', 'a threshold failed (at the end, or during the run with --abort-on-fail)'],
  ['103', 'the run passed but an output could not be written at the end (the others were)'],
  ['104', 'invalid configuration: flag, config file, variable or scenario'],
  ['105', 'interrupted (Ctrl-C, SIGTERM); the summary and output files were still written'],
] as const;

/** What each command's help ends with: examples (comment line, then the command) and its exit codes. */
export const COMMAND_HELP: Readonly<Record<string, { examples: ReadonlyArray<readonly [string, string]>; exits: ReadonlyArray<readonly [string, string]>; more?: string }>> = Object.freeze({
  '': {
    examples: [
      ['10 charge points against the embedded gateway for 30 s', 'ocpp-sim run'],
      ['a shipped scenario by name (ocpp-sim scenarios lists them)', 'ocpp-sim run --scenario charging-session -n 100 -d 1m'],
      ['the embedded central system on its own, until Ctrl-C', 'ocpp-sim gateway --port 8080'],
    ],
    exits: RUN_EXITS,
    more: "Each command's flags and examples: ocpp-sim <command> --help. What --threshold accepts: ocpp-sim help thresholds.",
  },
  run: {
    examples: [
      ['10 charge points, the default scenario, the embedded gateway, 30 s', 'ocpp-sim run'],
      ['a shipped scenario by name, 100 charge points for a minute', 'ocpp-sim run --scenario charging-session -n 100 -d 1m'],
      ['your central system, 20 connections a second, pass/fail criteria', "ocpp-sim run --url ws://127.0.0.1:9000/ocpp -n 500 --rate 20 \\\n      --threshold 'p(99)<500ms' --threshold 'errors:rate<1%'"],
      ['settings kept in a file, reports for CI', 'ocpp-sim run --config ocpp-sim.yaml --out summary.json --junit report.xml'],
      ['a mixed fleet: 30% on a shipped scenario, the rest on your own', 'ocpp-sim run --scenario my.yaml --scenario charging-session:30%'],
      ['ids, passwords and boot fields per charge point from a CSV (charge point i takes row i mod rows)', 'ocpp-sim run --data chargers.csv -n 4 --scenario my.yaml'],
    ],
    exits: RUN_EXITS,
    more: "Thresholds (metrics, aggregations, units): ocpp-sim help thresholds. Shipped scenarios: ocpp-sim scenarios.",
  },
  gateway: {
    examples: [
      ['listen on port 8080; charge points connect to ws://127.0.0.1:8080/ocpp/{id}', 'ocpp-sim gateway --port 8080'],
      ['answer one boot in ten Pending, every answer 100-500 ms late', 'ocpp-sim gateway --boot-status Accepted:90,Pending:10 \\\n      --response-delay uniform:100ms-500ms'],
      ['settings from a file, the port from the environment', 'SERVER_PORT=9000 ocpp-sim gateway --config gateway.yaml'],
    ],
    exits: [
      ['0', 'stopped by Ctrl-C or SIGTERM after a clean shutdown'],
      ['1', 'could not start: port in use, unreadable certificate'],
      ['104', 'invalid settings: flag, config file or environment variable'],
    ],
  },
  'gateway call': {
    examples: [
      ['reset CP-001 through a gateway on the default port', "ocpp-sim gateway call CP-001 Reset '{\"type\":\"Soft\"}'"],
      ['start a transaction on a gateway elsewhere', "ocpp-sim gateway call --url http://127.0.0.1:9000 \\\n      CP-007 RemoteStartTransaction '{\"idTag\":\"TAG1\"}'"],
    ],
    exits: [
      ['0', 'the charge point answered with a CALLRESULT (printed as JSON)'],
      ['1', 'a CallError, a timeout, an unknown charge point or an unreachable gateway'],
      ['104', 'invalid arguments: payload not JSON, bad --url or --timeout'],
    ],
  },
  validate: {
    examples: [
      ['check your own scenario files', 'ocpp-sim validate scenarios/*.yaml'],
      ['check a scenario as OCPP 2.0.1', 'ocpp-sim validate my.yaml --protocol ocpp2.0.1'],
    ],
    exits: [['0', 'every file is valid'], ['104', 'a file has a problem or cannot be read (each one printed)']],
  },
  scenarios: {
    examples: [['the shipped scenarios, then one of them by name', 'ocpp-sim scenarios\n  $ ocpp-sim run --scenario remote-start']],
    exits: [['0', 'always']],
  },
  report: {
    examples: [['merge the summaries of two shards', 'ocpp-sim report merge a.json b.json --out merged.json'], ['compare two runs', 'ocpp-sim report compare base.json new.json']],
    exits: [['0', 'done'], ['99', 'compare: a --max-regression bound failed'], ['103', 'merge, html: a file could not be written at the end'], ['104', 'a missing subcommand, an unreadable or invalid summary file, an unwritable output']],
  },
  'report merge': {
    examples: [
      ['print the merged summary', 'ocpp-sim report merge shard-0.json shard-1.json'],
      ['write the merged JSON and a JUnit report', 'ocpp-sim report merge shard-*.json --out merged.json \\\n      --junit report.xml'],
    ],
    exits: [['0', 'merged (thresholds are not evaluated again)'], ['103', 'an output could not be written at the end (the other was)'], ['104', 'an unreadable or invalid summary file, an unwritable output']],
  },
  'report compare': {
    examples: [
      ['what changed between two runs', 'ocpp-sim report compare base.json new.json'],
      ['fail a CI job when p(99) got more than 10% worse', "ocpp-sim report compare base.json new.json --max-regression 'p(99)<+10%'"],
    ],
    exits: [['0', 'compared (every --max-regression bound held)'], ['99', 'a --max-regression bound failed'], ['104', 'an unreadable or invalid summary file, a bad --max-regression']],
  },
  'report html': {
    examples: [
      ['one run as a self-contained HTML page', 'ocpp-sim report html summary.json -o report.html'],
      ['two shards merged, against last week\'s run', 'ocpp-sim report html shard-*.json -o report.html --baseline last-week.json'],
    ],
    exits: [['0', 'written'], ['103', 'the file could not be written at the end'], ['104', 'an unreadable or invalid summary file, an unwritable output']],
  },
  selftest: {
    examples: [['check this installation end to end (about 20 s)', 'ocpp-sim selftest']],
    exits: [['0', 'every check passed (a skipped one does not fail)'], ['1', 'a check failed'], ['105', 'interrupted']],
  },
  check: {
    examples: [
      ['the OCPP 1.6 checks against your central system', 'ocpp-sim check --url ws://127.0.0.1:9000/ocpp'],
      ['the checks of 2.0.1 it has, without running them', 'ocpp-sim check --protocol ocpp2.0.1 --list'],
      ['a CI job: JSON and JUnit reports', 'ocpp-sim check --url wss://csms.example/ocpp --out check.json \\\n      --junit check.xml'],
    ],
    exits: [
      ['0', 'every check that ran passed'],
      ['1', 'the central system could not be reached'],
      ['99', 'a check failed'],
      ['103', 'every check passed but an output could not be written (the others were)'],
      ['104', 'invalid flags'],
    ],
  },
  help: {
    examples: [['what --threshold accepts', 'ocpp-sim help thresholds'], ['the flags of run', 'ocpp-sim help run']],
    exits: [['0', 'help printed'], ['104', 'unknown topic']],
  },
});

/** The words after `ocpp-sim` that name `command`, e.g. `gateway call`; '' for the program. */
export function commandPath(command: Command): string {
  const names: string[] = [];
  for (let c: Command | null = command; c?.parent; c = c.parent) names.unshift(c.name());
  return names.join(' ');
}

/** The text after a command's flags, `width` columns wide: its examples and exit codes. */
export function helpAfter(path: string, width: number): string | undefined {
  const help = COMMAND_HELP[path];
  if (!help) return undefined;
  const codeWidth = Math.max(...help.exits.map(([code]) => code.length));
  return [
    '',
    'Examples:',
    ...help.examples.map(([what, command]) => `${wrap(`# ${what}`, width - 2, 2).replace(/^/gm, '  ')}\n  $ ${command}`),
    ...(help.more ? ['', wrap(help.more, width)] : []),
    '',
    path === '' ? "Exit codes (of run; each command's help lists its own):" : 'Exit codes:',
    ...help.exits.map(([code, meaning]) => item(code, codeWidth, meaning, width)),
    '',
  ].join('\n');
}

/** Adds each command's examples and exit codes after its help, for `command` and every subcommand, `width()` columns wide. */
export function addHelpTexts(command: Command, width: () => number): void {
  const path = commandPath(command);
  if (COMMAND_HELP[path]) command.addHelpText('after', () => helpAfter(path, width()) ?? '');
  for (const sub of command.commands) addHelpTexts(sub, width);
}
