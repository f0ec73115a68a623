import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadDotEnv } from './dotenv.js';

describe('loadDotEnv', () => {
  let folder: string;
  beforeAll(() => {
    folder = mkdtempSync(join(tmpdir(), 'greenstream-dotenv-'));
  });
  afterAll(() => rmSync(folder, { recursive: true, force: true }));

  it('adds the variables of the file that the environment does not set; the environment wins', () => {
    const file = join(folder, '.env');
    writeFileSync(
      file,
      '# comment\nPORT=4000\nLOG_LEVEL=debug\nCORS_ORIGINS="https://a.example,https://b.example"\n',
    );
    const env: Record<string, string | undefined> = { PORT: '5000' };
    expect(loadDotEnv(env, file)).toEqual({ file, variables: ['CORS_ORIGINS', 'LOG_LEVEL'] });
    expect(env).toEqual({
      PORT: '5000',
      LOG_LEVEL: 'debug',
      CORS_ORIGINS: 'https://a.example,https://b.example',
    });
  });

  it('changes nothing without a file', () => {
    const env = { PORT: '5000' };
    expect(loadDotEnv(env, join(folder, 'missing.env'))).toBeUndefined();
    expect(env).toEqual({ PORT: '5000' });
  });
});
