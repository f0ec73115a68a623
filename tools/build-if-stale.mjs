#!/usr/bin/env node
/**
 * `npm start`'s build step: compiles (`npm run build`, incremental) only when a source is newer than
 * the last build, so that starting an up-to-date checkout does not spend seconds in tsc.
 *
 * Sources: every file under the folders tsconfig.build.json compiles and the dashboard's `web/`, the tsconfig files and
 * package-lock.json. The last build is dist/tsconfig.build.tsbuildinfo, which tsc writes at the end of
 * each successful build (so a failed or interrupted build is redone).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync, utimesSync } from 'node:fs';
import { join } from 'node:path';

const BUILD_INFO = join('dist', 'tsconfig.build.tsbuildinfo');
const SOURCE_FOLDERS = ['src', 'migrations', 'seeds', 'web', join('test', 'fakes')];
const SOURCE_FILES = ['tsconfig.json', 'tsconfig.build.json', 'package-lock.json'];

function newestMtime(path) {
  if (!existsSync(path)) return 0;
  const stats = statSync(path);
  if (!stats.isDirectory()) return stats.mtimeMs;
  let newest = stats.mtimeMs; // a deleted or renamed file changes its folder's mtime
  for (const entry of readdirSync(path)) newest = Math.max(newest, newestMtime(join(path, entry)));
  return newest;
}

const built =
  existsSync(BUILD_INFO) &&
  existsSync(join('dist', 'src', 'main.js')) &&
  existsSync(join('dist', 'web', 'index.html'))
    ? statSync(BUILD_INFO).mtimeMs
    : 0;
const sources = Math.max(...SOURCE_FOLDERS.map(newestMtime), ...SOURCE_FILES.map(newestMtime));
if (built > sources) {
  console.error('build is up to date (dist/ newer than every source): not recompiling');
} else {
  const result = spawnSync('npm', ['run', 'build'], {
    stdio: 'inherit',
    shell: process.platform === 'win32',
  });
  // tsc leaves the build info alone when no output changed (a source touched, not edited): mark the
  // build as current so that the next start does not compile again.
  if (result.status === 0 && existsSync(BUILD_INFO)) utimesSync(BUILD_INFO, new Date(), new Date());
  process.exit(result.status ?? 1);
}
