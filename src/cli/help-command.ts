import type { Command } from 'commander';
import { COUNTER_METRICS, TIME_AGGREGATIONS, TIME_METRICS } from '../metrics/threshold-metrics.js';
import { CliError } from './errors.js';
import { EXIT } from './exit-codes.js';
import { wrap, item } from './help-format.js';
import { commandPath } from './help-texts.js';
import type { Io } from './io.js';
import { didYouMean } from './suggest.js';

/** What each counter metric counts (threshold-metrics.ts has the denominators). */
const COUNTED: Readonly<Record<string, string>> = Object.freeze({
  errors: 'every error: CallErrors, timeouts, invalid answers, failed connection attempts, failed checks, bad frames',
  timeouts: 'CALLs not answered within --call-timeout',
  callerrors: 'CALLERRORs received',
  booted: 'charge points ever Accepted',
  connected: 'charge points ever connected',
  failed: 'charge points stopped by a fatal connect error (401, subprotocol refused)',
  reconnects: 'reconnections',
  disconnects: 'connections lost',
  connect_failures: 'failed connection attempts',
  delayed: 'scheduled sends that left more than 50 ms late',
  expectations: 'failed scenario step checks',
  messages: 'frames sent and received',
});

/** `ocpp-sim help thresholds`: the threshold syntax, every metric with its aggregations, units and rate denominators. */
export function thresholdsHelp(width: number): string {
  const time: Array<[string, string]> = [
    ...Object.entries(TIME_METRICS).map(([name, what]) => [name, `${what}${name === 'latency' ? ' (the metric when none is named)' : ''}`] as [string, string]),
    ['<Action>', 'round trip CALL → answer of one OCPP action, e.g. BootNotification'],
    ['<Action>.corrected', 'the same from its intended send time (scheduled sends)'],
  ];
  const counters = Object.entries(COUNTER_METRICS).map(([name, { denominator }]) =>
    [name, `${COUNTED[name] ?? name}; rate = count / ${denominator}`] as [string, string]);
  const termWidth = Math.max(...[...time, ...counters].map(([t]) => t.length));
  const aggregations = TIME_AGGREGATIONS.map((a) => (a === 'p' ? 'p(N)' : a)).join(', ');
  return [
    wrap("Thresholds: --threshold '[metric:]aggregation operator value[unit]', repeatable; the run exits 99 when one fails (an invalid one is refused with exit 104 before anything connects).", width),
    '',
    'Examples:',
    ...([
      ["'p(99)<500ms'", 'round trip of every action together'],
      ["'BootNotification:p(95)<=200ms'", 'one action'],
      ["'Heartbeat.corrected:p(99)<1s'", 'from the intended send time'],
      ["'connect:max<2s'", 'WebSocket connect time'],
      ["'errors:rate<1%'", 'or 0.01'],
      ["'booted:count>=1000'", 'charge points Accepted'],
      ["'timeouts:count==0'", 'no CALL left unanswered'],
    ] as Array<[string, string]>).map(([expr, what]) => item(`--threshold ${expr}`, 43, what, width)),
    '',
    wrap(`Time metrics, in ms unless a unit is given (us, ms, s, m); aggregations ${aggregations} (med = p(50), count = samples):`, width),
    ...time.map(([name, what]) => item(name, termWidth, what, width)),
    '',
    wrap('Counter metrics; aggregations count and rate (a fraction such as 0.01, or a percentage such as 1%):', width),
    ...counters.map(([name, what]) => item(name, termWidth, what, width)),
    '',
    wrap('Operators: <, <=, >, >=, ==, !=. A threshold on a metric without data fails. With --abort-on-fail, a < or <= threshold that can no longer pass stops the run (checked every second). How each figure is measured: docs/metrics.md.', width),
    '',
  ].join('\n');
}

const TOPICS = ['thresholds'] as const;

function allPaths(command: Command): string[] {
  return command.commands.flatMap((sub) => [commandPath(sub), ...allPaths(sub)]);
}

/**
 * `ocpp-sim help [topic…]`: the program's help, a command's (`help gateway call`), or a topic
 * (`help thresholds`). An unknown topic is a CliError with the nearest one.
 */
export function registerHelpCommand(program: Command, io: Io, outcome: { code: number }): void {
  program.command('help')
    .description("show the help of a command (help run, help gateway call) or a topic: 'help thresholds'")
    .argument('[topic...]', `a command or ${TOPICS.join(', ')}`)
    .action((words: string[]) => {
      const topic = words.join(' ');
      if (topic === '') {
        program.outputHelp();
      } else if (topic === 'thresholds') {
        io.stdout.write(thresholdsHelp(io.stdout.isTTY && io.stdout.columns ? io.stdout.columns : 80));
      } else {
        const target = words.reduce<Command | undefined>((c, word) => c?.commands.find((sub) => sub.name() === word), program);
        if (!target) {
          const known = [...TOPICS, ...allPaths(program)];
          const near = didYouMean(topic, known);
          throw new CliError(`no help on '${topic}'${near ? ` (did you mean 'ocpp-sim help ${near}'?)` : ''}`, EXIT.INVALID_CONFIG, `topics: ${known.join(', ')}`);
        }
        target.outputHelp();
      }
      outcome.code = EXIT.OK;
    });
}
