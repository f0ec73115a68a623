import { readFileSync } from 'node:fs';
import { ENV_VARIABLES } from './env.schema.js';

describe('.env.example', () => {
  const text = readFileSync(new URL('../../../.env.example', import.meta.url), 'utf8');

  it('lists every variable the service reads', () => {
    const missing = ENV_VARIABLES.map((variable) => variable.name).filter(
      (name) => !new RegExp(`^#? ?${name}=`, 'm').test(text),
    );
    expect(missing).toEqual([]);
  });

  it('shows the schema defaults', () => {
    for (const variable of ENV_VARIABLES) {
      const line = new RegExp(`^${variable.name}=(.*)$`, 'm').exec(text);
      if (line) expect([variable.name, line[1]]).toEqual([variable.name, variable.defaultValue ?? '']);
    }
  });
});
