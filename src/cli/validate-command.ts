import { existsSync } from 'node:fs';
import type { Step } from '../chargepoint/scenario/types.js';
import { walkSteps } from '../chargepoint/scenario/walk.js';
import { loadScenario, validateScenarioFiles, type ScenarioOptions } from '../chargepoint/scenario/loader.js';
import { CliError } from './errors.js';
import { EXIT } from './exit-codes.js';
import type { Io } from './io.js';
import { notFoundHint, resolveScenarioFile } from './shipped-scenarios.js';

function countSteps(steps: readonly Step[]): number {
  let n = 0;
  walkSteps(steps, () => { n++; });
  return n;
}

/**
 * `ocpp-sim validate FILE…`: checks scenario files without running them. Every problem of
 * every file goes to stdout as `file:line:column: message` (files named as given), each valid
 * file gets one `file: ok (…)` line; then exit 104 when any file has a problem, else 0.
 * `options.protocol` checks the files as that OCPP version (`--protocol`).
 */
export async function validateCommand(files: readonly string[], io: Io, given: ScenarioOptions = {}): Promise<number> {
  if (files.length === 0) throw new CliError('validate needs at least one scenario file', EXIT.INVALID_CONFIG);
  // `{{env.NAME}}` is checked against this process's environment, as a run would read it.
  const options: ScenarioOptions = { ...given, env: io.env };
  let problemCount = 0;
  let badFiles = 0;
  for (const file of files) {
    const path = resolveScenarioFile(file, io.cwd);
    const problems = existsSync(path) ? await validateScenarioFiles([path], options)
      : [{ file, line: 0, column: 0, message: `not found at ${path}, and no shipped scenario has that name (${notFoundHint()})` }];
    if (problems.length > 0) {
      badFiles++;
      problemCount += problems.length;
      for (const p of problems) io.stdout.write(`${file}${p.line ? `:${p.line}:${p.column}` : ''}: ${p.message}\n`);
      continue;
    }
    const scenario = await loadScenario(path, options);
    const steps = countSteps(scenario.steps);
    io.stdout.write(`${file}: ok (${scenario.name === path ? 'unnamed' : scenario.name}, ${scenario.protocol}, ${steps} step${steps === 1 ? '' : 's'})\n`);
  }
  if (problemCount === 0) return EXIT.OK;
  io.stderr.write(`ocpp-sim: error: ${problemCount} problem${problemCount === 1 ? '' : 's'} in ${badFiles} of ${files.length} scenario file${files.length === 1 ? '' : 's'}\n`);
  return EXIT.INVALID_CONFIG;
}
