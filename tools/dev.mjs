#!/usr/bin/env node
/**
 * `npm run start:dev`: the service in watch mode. tsc recompiles what changed (incremental, in the
 * background) and Node restarts the service when the compiled code changes (`node --watch`, which
 * sends SIGTERM and waits for the graceful shutdown before starting again). No @nestjs/cli: the
 * project builds with plain tsc (docs/OPERATIONS.md#development).
 */
import { spawn, spawnSync } from 'node:child_process';

const first = spawnSync('npm', ['run', 'build'], { stdio: 'inherit' });
if (first.status !== 0) process.exit(first.status ?? 1);

const compiler = spawn('npx', ['tsc', '-p', 'tsconfig.build.json', '--watch', '--preserveWatchOutput'], {
  stdio: ['ignore', 'inherit', 'inherit'],
});
const service = spawn(
  process.execPath,
  ['--watch-path=dist/src', '--watch-preserve-output', 'dist/src/main.js'],
  {
    stdio: 'inherit',
  },
);

let stopping = false;
const stop = (signal) => {
  if (stopping) return;
  stopping = true;
  compiler.kill('SIGTERM');
  service.kill(signal);
};
process.on('SIGINT', () => stop('SIGINT'));
process.on('SIGTERM', () => stop('SIGTERM'));
service.on('exit', (code) => {
  compiler.kill('SIGTERM');
  process.exit(code ?? 0);
});
