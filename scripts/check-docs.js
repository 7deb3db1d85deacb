// Regenerates the generated blocks of docs/check.md from the code: the table of checks, and the
// table of `gateway --misbehave` switches with the check each one made fail (one run of every
// check of each version against a gateway per switch, about a minute).
// Run after `npm run build`: node scripts/check-docs.js
import { fileURLToPath } from 'node:url';
import { writeBlock } from '../bench/md-block.js';
import { checksTable } from '../dist/check/catalogue.js';
import { asExpected, mutationTable, runMutations } from '../dist/cli/check-mutation.js';

const file = fileURLToPath(new URL('../docs/check.md', import.meta.url));
console.log(`checks table ${writeBlock(file, 'checks', checksTable(), '# ocpp-sim check', 'scripts/check-docs.js')}`);
const runs = await runMutations(3);
for (const run of runs.filter((r) => !asExpected(r))) {
  console.log(`unexpected: ${run.misbehave ?? '(none)'} ${run.version}: expected ${run.expected ?? 'no failure'}, failed ${run.failed.map((f) => f.name).join(', ') || 'nothing'}`);
}
console.log(`misbehave table ${writeBlock(file, 'misbehave', mutationTable(runs), '# ocpp-sim check', 'scripts/check-docs.js')} (${runs.length} runs)`);
