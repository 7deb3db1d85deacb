// Regenerates the generated blocks of docs/check.md from the code: the table of checks.
// Run after `npm run build`: node scripts/check-docs.js
import { fileURLToPath } from 'node:url';
import { writeBlock } from '../bench/md-block.js';
import { checksTable } from '../dist/check/catalogue.js';

const file = fileURLToPath(new URL('../docs/check.md', import.meta.url));
console.log(`checks table ${writeBlock(file, 'checks', checksTable(), '# ocpp-sim check', 'scripts/check-docs.js')}`);
