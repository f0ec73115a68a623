import { spawnSync } from 'node:child_process';
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const root = new URL('../../', import.meta.url).pathname;
const MARKDOWNLINT = join(root, 'node_modules/markdownlint-cli2/markdownlint-cli2-bin.mjs');
const LINKS = join(root, 'tools/markdown/check-links.mjs');

function run(args: string[], cwd: string): { status: number | null; output: string } {
  const result = spawnSync(process.execPath, args, { cwd, encoding: 'utf8' });
  return { status: result.status, output: result.stdout + result.stderr };
}

/** The markdown checks of `npm run check`: markdownlint with the repository's rules, and the link checker. */
describe('markdown checks', () => {
  let folder: string;

  beforeAll(() => {
    folder = mkdtempSync(join(tmpdir(), 'greenstream-markdown-'));
    mkdirSync(join(folder, 'guides'));
  });

  afterAll(() => rmSync(folder, { recursive: true, force: true }));

  const lint = (name: string, text: string) => {
    writeFileSync(join(folder, name), text);
    return run([MARKDOWNLINT, '--config', join(root, '.markdownlint-cli2.jsonc'), name], folder);
  };

  it('fails on a fence left open to the end of the document', () => {
    const result = lint(
      'open-to-end.md',
      '# Title\n\n```sh\ncurl -s localhost:3000/regions\n\n## Operations\n',
    );
    expect(result.status).toBe(1);
    expect(result.output).toContain('open-to-end.md:3 error GS001/closed-fences');
  });

  it('fails on a fence that swallows the next one (the README rendering "Operations" as code)', () => {
    const result = lint(
      'swallowed.md',
      '# Title\n\n```sh\ncurl -s localhost:3000/stats\n\n## Operations\n\n```sh\ncurl -s localhost:3000/metrics\n```\n',
    );
    expect(result.status).toBe(1);
    expect(result.output).toContain('still open at line 8');
  });

  it('passes closed fences, long lines and anchors', () => {
    const long = 'word '.repeat(40).trim();
    const result = lint('fine.md', `# Title\n\n<a id="here"></a>\n\n${long}\n\n\`\`\`sh\necho ok\n\`\`\`\n`);
    expect(result.output).toContain('Summary: 0 error(s)');
    expect(result.status).toBe(0);
  });

  it('names every broken relative link: missing file, missing heading, outside the repository', () => {
    writeFileSync(join(folder, 'guides', 'GUIDE.md'), '# Guide\n\n## Two words\n\n<a id="kept"></a>\n');
    writeFileSync(
      join(folder, 'README.md'),
      [
        '# Readme',
        '',
        '[ok](guides/GUIDE.md) [ok](guides/GUIDE.md#two-words) [ok](guides/GUIDE.md#kept) [ok](#readme)',
        '[web](https://example.com/x) `[code](nope.md)`',
        '[a](guides/MISSING.md) [b](guides/GUIDE.md#three-words) [c](../shared/DESIGN.md)',
        '',
        '```md',
        '[inside a fence](not-checked.md)',
        '```',
        '',
      ].join('\n'),
    );
    const result = run([LINKS, '--root', folder, 'README.md', 'guides/GUIDE.md'], folder);
    expect(result.status).toBe(1);
    expect(result.output.trim().split('\n')).toEqual([
      'README.md:5: guides/MISSING.md: no such file',
      'README.md:5: guides/GUIDE.md#three-words: no heading or anchor "three-words"',
      'README.md:5: ../shared/DESIGN.md: points outside the repository',
    ]);
  });

  it('passes on the repository itself: markdownlint, links, and the docs/ references of the code', () => {
    const lintResult = run([MARKDOWNLINT], root);
    expect(lintResult.output).toContain('Summary: 0 error(s)');
    const linksResult = run([LINKS], root);
    expect(linksResult.output).toContain('every relative link resolves');
    expect(linksResult.status).toBe(0);
  });
});
