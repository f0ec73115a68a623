import { execFile } from 'node:child_process';
import { copyFile, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The import rules of .dependency-cruiser.mjs (docs/ARCHITECTURE.md), run the way
 * `npm run lint:architecture` runs them: on a small tree written here, each forbidden import must
 * fail by its rule's name and each allowed one must pass; and on the real src/.
 */
const root = fileURLToPath(new URL('../../', import.meta.url));
const CONFIG = join(root, '.dependency-cruiser.mjs');
const DEPCRUISE = join(root, 'node_modules/dependency-cruiser/bin/dependency-cruise.mjs');

interface Violation {
  rule: string;
  from: string;
  to: string;
}

interface CruiseOutput {
  summary: {
    violations: { rule: { name: string }; from: string; to: string }[];
    totalCruised: number;
  };
}

/** Runs dependency-cruiser's CLI with the project's config over `src` of `cwd`. */
function cruise(cwd: string): Promise<{ violations: Violation[]; totalCruised: number }> {
  return new Promise((resolve, reject) => {
    execFile(
      process.execPath,
      [DEPCRUISE, 'src', '--config', CONFIG, '--output-type', 'json'],
      { cwd, maxBuffer: 64 * 1024 * 1024 },
      // It exits with the number of errors found: parse the report whatever the exit code.
      (error, stdout, stderr) => {
        let output: CruiseOutput;
        try {
          output = JSON.parse(stdout) as CruiseOutput;
        } catch {
          reject(new Error(`dependency-cruiser gave no report: ${error?.message ?? ''}\n${stderr}`));
          return;
        }
        const violations = output.summary.violations
          .map(({ rule, from, to }) => ({ rule: rule.name, from, to }))
          .sort((a, b) => `${a.rule}${a.from}${a.to}`.localeCompare(`${b.rule}${b.from}${b.to}`));
        resolve({ violations, totalCruised: output.summary.totalCruised });
      },
    );
  });
}

/** Each file imports the files listed (TypeScript sources, imported with `.js` as in src/). */
const FIXTURE: Record<string, string[]> = {
  // platform/ imports a feature.
  'src/platform/x.ts': ['src/footprint/y.ts'],
  'src/footprint/y.ts': [],
  // domain/ imports an npm package and a Node.js builtin; its own domain/, another feature's
  // domain/ and the kernel are fine.
  'src/footprint/domain/pure.ts': [
    '@nestjs/common',
    'node:fs',
    'src/footprint/domain/models.ts',
    'src/intensity/domain/hours.ts',
    'src/platform/kernel/errors.ts',
  ],
  'src/footprint/domain/models.ts': [],
  'src/platform/kernel/errors.ts': [],
  // Two files that import each other.
  'src/geo/a.ts': ['src/geo/b.ts'],
  'src/geo/b.ts': ['src/geo/a.ts'],
  // Lower layers importing http/; a module wiring its controller in is fine.
  'src/regions/persistence/region.store.ts': ['src/regions/http/region.dto.ts'],
  'src/regions/regions.service.ts': [
    'src/regions/http/region.dto.ts',
    'src/regions/persistence/region.store.ts',
  ],
  'src/regions/regions.module.ts': [
    'src/regions/http/regions.controller.ts',
    'src/regions/regions.service.ts',
  ],
  'src/regions/http/regions.controller.ts': [
    'src/regions/regions.service.ts',
    'src/regions/http/region.dto.ts',
  ],
  'src/regions/http/region.dto.ts': [],
  'src/regions/http/patterns.ts': [],
  // One feature reaching into another: its persistence/ and a non-service root file are not public;
  // its module, root service, events, domain/ and http/ DTOs and schemas are.
  'src/consumption/consumption.service.ts': [
    'src/intensity/persistence/intensity.store.ts',
    'src/intensity/reference-intensities.ts',
    'src/intensity/intensity.module.ts',
    'src/intensity/intensity.service.ts',
    'src/intensity/intensity.events.ts',
    'src/intensity/domain/hours.ts',
  ],
  'src/consumption/http/consumption.dto.ts': [
    'src/regions/http/region.dto.ts',
    'src/intensity/http/intensity.schema.ts',
    'src/regions/http/patterns.ts',
  ],
  'src/intensity/persistence/intensity.store.ts': [],
  'src/intensity/reference-intensities.ts': [],
  'src/intensity/intensity.module.ts': [],
  'src/intensity/intensity.service.ts': [],
  'src/intensity/intensity.events.ts': [],
  'src/intensity/domain/hours.ts': [],
  'src/intensity/http/intensity.schema.ts': [],
  // A feature importing the composition root; the composition root importing an entry point.
  'src/health/health.service.ts': ['src/entities.ts'],
  'src/entities.ts': ['src/regions/persistence/region.store.ts'],
  'src/app.module.ts': ['src/cli/migrate.ts', 'src/regions/regions.module.ts'],
  'src/cli/migrate.ts': ['src/data-source.ts'],
  'src/data-source.ts': ['src/entities.ts'],
};

function importPath(from: string, target: string): string {
  if (!target.startsWith('src/')) return target;
  let relative = join(
    ...dirname(from)
      .split('/')
      .map(() => '..'),
    target,
  ).replace(/\\/g, '/');
  relative = relative.replace(/\.ts$/, '.js');
  return relative.startsWith('.') ? relative : `./${relative}`;
}

async function writeFixture(directory: string): Promise<void> {
  await copyFile(join(root, 'tsconfig.json'), join(directory, 'tsconfig.json'));
  for (const [file, imports] of Object.entries(FIXTURE)) {
    await mkdir(join(directory, dirname(file)), { recursive: true });
    const lines = imports.map((target, index) => `import * as m${index} from '${importPath(file, target)}';`);
    const exported = `export const uses = [${imports.map((_, index) => `m${index}`).join(', ')}];`;
    await writeFile(join(directory, file), `${lines.join('\n')}\n${exported}\n`);
  }
}

describe('the architecture rules (.dependency-cruiser.mjs)', () => {
  let fixture: string;

  beforeAll(async () => {
    fixture = await mkdtemp(join(tmpdir(), 'greenstream-architecture-'));
    await writeFixture(fixture);
  });

  afterAll(async () => {
    await rm(fixture, { recursive: true, force: true });
  });

  it('fails each forbidden import by its rule, and only those', async () => {
    const { violations, totalCruised } = await cruise(fixture);
    expect(totalCruised).toBeGreaterThanOrEqual(Object.keys(FIXTURE).length);
    expect(violations).toEqual([
      { rule: 'domain-is-pure', from: 'src/footprint/domain/pure.ts', to: '@nestjs/common' },
      { rule: 'domain-is-pure', from: 'src/footprint/domain/pure.ts', to: 'fs' },
      {
        rule: 'feature-public-surface',
        from: 'src/consumption/consumption.service.ts',
        to: 'src/intensity/persistence/intensity.store.ts',
      },
      {
        rule: 'feature-public-surface',
        from: 'src/consumption/consumption.service.ts',
        to: 'src/intensity/reference-intensities.ts',
      },
      {
        rule: 'feature-public-surface',
        from: 'src/consumption/http/consumption.dto.ts',
        to: 'src/regions/http/patterns.ts',
      },
      {
        rule: 'features-not-to-composition-root',
        from: 'src/health/health.service.ts',
        to: 'src/entities.ts',
      },
      {
        rule: 'lower-layers-not-to-http',
        from: 'src/regions/persistence/region.store.ts',
        to: 'src/regions/http/region.dto.ts',
      },
      {
        rule: 'lower-layers-not-to-http',
        from: 'src/regions/regions.service.ts',
        to: 'src/regions/http/region.dto.ts',
      },
      // A cycle is reported once, at the import where the cruise closed it.
      { rule: 'no-circular', from: 'src/geo/a.ts', to: 'src/geo/b.ts' },
      { rule: 'no-import-of-entry-points', from: 'src/app.module.ts', to: 'src/cli/migrate.ts' },
      { rule: 'platform-not-to-features', from: 'src/platform/x.ts', to: 'src/footprint/y.ts' },
    ]);
  });

  it('passes on the real src/ tree', async () => {
    const { violations, totalCruised } = await cruise(root);
    expect(totalCruised).toBeGreaterThan(100);
    expect(violations).toEqual([]);
  });
});
