/**
 * The architecture's import rules, checked by `npm run lint:architecture` (part of `npm run check`).
 * docs/ARCHITECTURE.md explains the layers, the rooms of a feature and its public surface.
 *
 * Vocabulary used in the paths below:
 * - a feature is a folder directly under src/ other than platform/, cli/ and types/
 *   (geo, regions, intensity, footprint, recommendation, consumption, health, metrics);
 * - the composition root is src/main.ts, src/app.module.ts, src/app.factory.ts, src/entities.ts and
 *   src/data-source.ts (the files directly under src/), with src/cli/ beside it.
 */

/** `^src/<folder>/`, the folder's name captured as $1 (for the rule that compares two features)... */
const FEATURE = '^src/([^/]+)/';
/** ...less the folders that are no feature. */
const NOT_A_FEATURE = '^src/(?:platform|cli|types)/';
/** What another feature may import from feature Y: its public surface. */
const PUBLIC_SURFACE = [
  '^src/[^/]+/[^/]+\\.module\\.ts$',
  '^src/[^/]+/[^/]+\\.service\\.ts$',
  '^src/[^/]+/[^/]+\\.events\\.ts$',
  '^src/[^/]+/domain/',
  '^src/[^/]+/contract/',
  '^src/[^/]+/http/.*\\.(?:dto|schema)\\.ts$',
];
/** npm packages that hold only data (no code to run): reference data a domain may read. */
const DATA_ONLY_PACKAGES = ['^node_modules/@tgwf/co2/dist/esm/data\\.js$'];
const COMPOSITION_ROOT = '^src/(?:main|app\\.module|app\\.factory|entities|data-source)\\.ts$';

/** @type {import('dependency-cruiser').IConfiguration} */
export default {
  forbidden: [
    {
      name: 'no-circular',
      severity: 'error',
      comment:
        'No import cycle anywhere in src, type-only imports included: a cycle makes the files one ' +
        'unit that cannot be understood, tested or moved alone, and at run time it can leave an ' +
        'import undefined while the cycle loads.',
      from: { path: '^src/' },
      to: { circular: true },
    },
    {
      name: 'domain-is-pure',
      severity: 'error',
      comment:
        'A domain/ folder holds pure TypeScript: it imports only domain/ folders (its own or ' +
        "another feature's) and src/platform/kernel/ - no npm package (@nestjs/*, typeorm, " +
        'class-validator, pg, ...), no Node.js builtin, no other room of a feature, no platform module. ' +
        'Packages that hold only reference data (DATA_ONLY_PACKAGES: yearly grid intensities) are data, not code. ' +
        'Its unit tests (*.spec.ts) may also use test helpers and the libraries they compare with.',
      from: { path: '^src/[^/]+/domain/', pathNot: '\\.spec\\.ts$' },
      to: { pathNot: ['^src/[^/]+/domain/', '^src/platform/kernel/', ...DATA_ONLY_PACKAGES] },
    },
    {
      name: 'platform-not-to-features',
      severity: 'error',
      comment:
        'src/platform/ (config, database, http, logging, metrics, cache, kernel) serves the features ' +
        'and knows none of them: it imports no feature, no composition-root file and nothing in src/cli/.',
      from: { path: '^src/platform/' },
      to: { path: '^src/', pathNot: ['^src/platform/', '^src/types/'] },
    },
    {
      name: 'lower-layers-not-to-http',
      severity: 'error',
      comment:
        "A feature's contract/, persistence/, adapters/ and jobs/ rooms and its root-level operation and " +
        'service files sit below http/: they import no http/ folder (only *.module.ts files wire ' +
        'controllers in). Operations name their answers with the contract/ classes instead.',
      from: {
        path: ['^src/[^/]+/(?:contract|persistence|adapters|jobs)/', `${FEATURE}[^/]+\\.ts$`],
        pathNot: [NOT_A_FEATURE, '\\.module\\.ts$'],
      },
      to: { path: '^src/[^/]+/http/' },
    },
    {
      name: 'no-import-of-entry-points',
      severity: 'error',
      comment:
        'src/main.ts and src/cli/ are entry points (run by node, never imported): only src/cli/ ' +
        'itself may import src/cli/ files.',
      from: { pathNot: '^src/cli/' },
      to: { path: ['^src/cli/', '^src/main\\.ts$'] },
    },
    {
      name: 'features-not-to-composition-root',
      severity: 'error',
      comment:
        'The composition root (main, app.module, app.factory, entities, data-source) assembles the ' +
        'features; a feature imports none of its files.',
      from: { path: FEATURE, pathNot: NOT_A_FEATURE },
      to: { path: COMPOSITION_ROOT },
    },
    {
      name: 'feature-public-surface',
      severity: 'error',
      comment:
        'Features reach each other only through their public surface: from feature Y, a file in ' +
        "feature X may import Y's *.module.ts, Y's root-level *.service.ts and *.events.ts files, " +
        "Y's domain/, Y's contract/ (the shapes of its answers) and the DTO and schema files of Y's " +
        "http/ (*.dto.ts, *.schema.ts: shared request shapes) - never Y's persistence/, adapters/, " +
        'jobs/ or any other file.',
      from: { path: FEATURE, pathNot: NOT_A_FEATURE },
      to: { path: FEATURE, pathNot: ['^src/$1/', NOT_A_FEATURE, ...PUBLIC_SURFACE] },
    },
  ],
  options: {
    doNotFollow: { path: ['node_modules'] },
    // Type-only imports count: a domain file that imports a TypeORM type is not pure either.
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
      extensions: ['.ts', '.js', '.d.ts'],
      mainFields: ['module', 'main', 'types', 'typings'],
    },
    reporterOptions: {
      text: { highlightFocused: true },
    },
  },
};
