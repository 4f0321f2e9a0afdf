#!/usr/bin/env node
/** The `landscape-lab` executable. */
import { main } from './main.js';

// A reader that closes early (`landscape-lab … | head`) is not an error: stop quietly, as other Unix tools do.
process.stdout.on('error', (e: NodeJS.ErrnoException) => {
  if (e.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  throw e;
});

process.exitCode = await main(process.argv.slice(2));
