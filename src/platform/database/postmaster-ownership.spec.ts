import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isPostgresOf, processStartTime, reclaimCluster } from './postmaster-ownership.js';

describe('postmaster ownership (Linux /proc)', () => {
  let dataDir: string;
  let clusterDir: string;

  beforeEach(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'greenstream-ownership-'));
    clusterDir = join(dataDir, 'pg');
    await mkdir(clusterDir);
  });

  afterEach(async () => {
    await rm(dataDir, { recursive: true, force: true });
  });

  it('names a process by its start time, and tells a postgres of the folder from any other process', () => {
    expect(processStartTime(process.pid)).toMatch(/^\d+$/);
    expect(processStartTime(2 ** 22 + 1)).toBeUndefined();
    expect(isPostgresOf(process.pid, clusterDir)).toBe(false);
  });

  it('removes a postmaster.pid whose process is gone', async () => {
    const child = spawn('true');
    await once(child, 'exit');
    await writeFile(join(clusterDir, 'postmaster.pid'), `${child.pid}\n${clusterDir}\n`);
    await reclaimCluster(dataDir, clusterDir, () => undefined);
    expect(existsSync(join(clusterDir, 'postmaster.pid'))).toBe(false);
  });

  it('removes a postmaster.pid naming a live process that is not a postgres of the folder (a recycled pid), and leaves that process alone', async () => {
    const sleeper = spawn('sleep', ['30']);
    try {
      await writeFile(join(clusterDir, 'postmaster.pid'), `${sleeper.pid}\n${clusterDir}\n`);
      const said: string[] = [];
      await reclaimCluster(dataDir, clusterDir, (message) => said.push(message));
      expect(existsSync(join(clusterDir, 'postmaster.pid'))).toBe(false);
      expect(sleeper.exitCode).toBeNull();
      expect(said.join('\n')).toContain('not a PostgreSQL');
    } finally {
      sleeper.kill('SIGKILL');
    }
  });
});
