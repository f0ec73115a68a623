import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseEnv } from 'node:util';

export const DOTENV_FILE = '.env';

/**
 * The environment the service runs with: the process environment, completed by the variables of a
 * `.env` file in the working directory when there is one. A variable set in the environment wins
 * over the file (README.md "Configuration"); the file never overrides what the operator exported.
 * Returns the names read from the file, for the start-up log (never the values: secrets live there).
 */
export function loadDotEnv(
  env: Record<string, string | undefined>,
  path = resolve(DOTENV_FILE),
): { file: string; variables: string[] } | undefined {
  if (!existsSync(path)) return undefined;
  const parsed = parseEnv(readFileSync(path, 'utf8')) as Record<string, string>;
  const variables: string[] = [];
  for (const [name, value] of Object.entries(parsed)) {
    if (env[name] !== undefined) continue;
    env[name] = value;
    variables.push(name);
  }
  return { file: path, variables: variables.sort() };
}
