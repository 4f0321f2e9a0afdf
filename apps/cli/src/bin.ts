#!/usr/bin/env node
/** The `landscape-lab` executable. */
import { main } from './main.js';

process.exitCode = await main(process.argv.slice(2));
