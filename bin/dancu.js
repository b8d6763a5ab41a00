#!/usr/bin/env node
/* global process */
// Runs the TypeScript CLI through tsx's loader, so `npx dancu …` works without a build step.
import { register } from 'tsx/esm/api';
register();
const { buildCli } = await import('../src/cli.ts');
await buildCli().parseAsync(process.argv);
