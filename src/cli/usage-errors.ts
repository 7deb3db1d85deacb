import type { Command, CommanderError } from 'commander';
import { commandPath } from './help-texts.js';
import { didYouMean } from './suggest.js';

/** The deepest command `argv` names, and the first word after it that names no subcommand. */
function locate(program: Command, argv: readonly string[]): { command: Command; stray: string | undefined } {
  let command = program;
  for (const word of argv) {
    if (word.startsWith('-')) continue;
    const sub = command.commands.find((c) => c.name() === word || c.aliases().includes(word));
    if (!sub) return { command, stray: word };
    command = sub;
  }
  return { command, stray: undefined };
}

const quoteList = (names: string[]): string => names.map((n) => `'${n}'`).join(', ');

/**
 * A commander usage error as one line for `ocpp-sim: error: …`: what is wrong, the nearest
 * command or flag when one is close, and the help that has the answer.
 */
export function usageErrorLine(error: CommanderError, program: Command, argv: readonly string[]): string {
  const { command, stray } = locate(program, argv);
  const path = commandPath(command);
  const help = `ocpp-sim ${path ? `${path} ` : ''}--help`;
  const subs = command.commands.map((c) => c.name());
  if (error.code === 'commander.help' || (error.code === 'commander.excessArguments' && subs.length > 0 && stray === undefined)) {
    return path === ''
      ? `missing command: one of ${quoteList(subs)} ('ocpp-sim --help' describes them)`
      : `missing subcommand of '${path}': ${quoteList(subs.map((s) => `${path} ${s}`))} ('${help}' describes them)`;
  }
  if (error.code === 'commander.excessArguments' && subs.length > 0 && stray !== undefined) {
    const near = didYouMean(stray, subs);
    return `unknown command '${path} ${stray}'${near ? `; did you mean '${path} ${near}'?` : `: '${path}' has ${quoteList(subs)}`} ('${help}')`;
  }
  const text = error.message.replace(/^error: /, '').replace(/\s*\n\s*/g, ' ');
  const suggestion = /\s*\(Did you mean (.+?)\?\)\s*$/.exec(text);
  const message = suggestion ? text.slice(0, suggestion.index) : text;
  const near = suggestion ? `; did you mean ${suggestion[1]}?` : '';
  if (error.code === 'commander.unknownCommand') return `${message}${near} ('ocpp-sim --help' lists the commands)`;
  if (error.code === 'commander.unknownOption') return `${message}${near} ('${help}' lists its flags)`;
  return `${message}${near} (see '${help}')`;
}
