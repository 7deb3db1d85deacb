#!/usr/bin/env node
// React (under the dashboard) runs its production build unless told otherwise: set before it loads.
process.env.NODE_ENV ??= 'production';
// A Ctrl-C while the modules load is kept for the command (which then ends as interrupted), not lost.
let interrupted = false;
const early = () => { interrupted = true; };
process.on('SIGINT', early);
process.on('SIGTERM', early);
const { main } = await import('../dist/cli/main.js');
const { processIo } = await import('../dist/cli/io.js');
const io = processIo(interrupted);
process.off('SIGINT', early);
process.off('SIGTERM', early);

process.exitCode = await main(process.argv.slice(2), io);
