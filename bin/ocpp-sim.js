#!/usr/bin/env node
// React (under the dashboard) runs its production build unless told otherwise: set before it loads.
process.env.NODE_ENV ??= 'production';
const { main } = await import('../dist/cli/main.js');

process.exitCode = await main(process.argv.slice(2));
