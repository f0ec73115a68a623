#!/usr/bin/env node
/**
 * Checks every relative link of the README and docs/ (npm run lint:links, part of npm run check):
 * the file or folder it names exists inside the repository, and a `#fragment` names a heading (GitHub's
 * anchor rule) or an `<a id>` of the target. Links to the web (http, https, mailto) are not fetched.
 *
 *   node tools/markdown/check-links.mjs [--root DIR] [FILE.md ...]
 *
 * Without files: README.md, bench/README.md and every docs/**.md under the root, and the docs/FILE.md#anchor
 * references in the code's comments and strings (src, test, bench, seeds, migrations). Exit code 1 and one
 * line per broken link (file:line, the link, the reason) when any is broken.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';

const INLINE_LINK = /!?\[(?:[^\]\\]|\\.)*\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)/g;
const REFERENCE_DEFINITION = /^ {0,3}\[[^\]]+\]:\s*<?(\S+?)>?(?:\s+"[^"]*")?\s*$/;
const EXTERNAL = /^(?:[a-z][a-z0-9+.-]*:|\/\/)/i;

export function markdownFiles(root) {
  const files = ['README.md', join('bench', 'README.md')].filter((file) => existsSync(join(root, file)));
  const walk = (folder) => {
    for (const entry of readdirSync(join(root, folder), { withFileTypes: true })) {
      const path = join(folder, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (entry.name.endsWith('.md')) files.push(path);
    }
  };
  if (existsSync(join(root, 'docs'))) walk('docs');
  return files;
}

/** GitHub's heading anchors: lower case, punctuation dropped, spaces to hyphens, repeats numbered. */
export function anchorsOf(markdown) {
  const anchors = new Set();
  const seen = new Map();
  let fence;
  for (const line of markdown.split('\n')) {
    const fenceMatch = /^ {0,3}(`{3,}|~{3,})/.exec(line);
    if (fenceMatch) {
      if (fence === undefined) fence = fenceMatch[1];
      else if (fenceMatch[1][0] === fence[0] && fenceMatch[1].length >= fence.length) fence = undefined;
      continue;
    }
    if (fence !== undefined) continue;
    for (const match of line.matchAll(/<a\s+(?:id|name)="([^"]+)"/g)) anchors.add(match[1]);
    const heading = /^ {0,3}#{1,6}\s+(.*?)\s*#*\s*$/.exec(line);
    if (!heading) continue;
    const text = heading[1]
      .replace(/\[([^\]]*)\]\([^)]*\)/g, '$1')
      .replace(/<[^>]+>/g, '')
      .replace(/[`*_]/g, '');
    const base = text
      .toLowerCase()
      .replace(/[^\p{L}\p{N}\s-]/gu, '')
      .replace(/\s/g, '-');
    const count = seen.get(base) ?? 0;
    seen.set(base, count + 1);
    anchors.add(count === 0 ? base : `${base}-${count}`);
  }
  return anchors;
}

function linksOf(markdown) {
  const links = [];
  let fence;
  markdown.split('\n').forEach((line, index) => {
    const fenceMatch = /^ {0,3}(`{3,}|~{3,})/.exec(line);
    if (fenceMatch) {
      if (fence === undefined) fence = fenceMatch[1];
      else if (fenceMatch[1][0] === fence[0] && fenceMatch[1].length >= fence.length) fence = undefined;
      return;
    }
    if (fence !== undefined) return;
    const prose = line.replace(/`[^`]*`/g, '');
    for (const match of prose.matchAll(INLINE_LINK)) links.push({ target: match[1], line: index + 1 });
    const definition = REFERENCE_DEFINITION.exec(prose);
    if (definition) links.push({ target: definition[1], line: index + 1 });
  });
  return links;
}

export function brokenLinks(root, files = markdownFiles(root)) {
  const problems = [];
  const absoluteRoot = resolve(root);
  for (const file of files) {
    const path = resolve(absoluteRoot, file);
    const markdown = readFileSync(path, 'utf8');
    for (const { target, line } of linksOf(markdown)) {
      if (EXTERNAL.test(target)) continue;
      const [rawPath, fragment] = target.split('#', 2);
      const targetPath = rawPath === '' ? path : resolve(dirname(path), decodeURI(rawPath));
      const where = `${relative(absoluteRoot, path)}:${line}`;
      const inside = relative(absoluteRoot, targetPath);
      if (inside.startsWith('..') || inside.startsWith(sep)) {
        problems.push(`${where}: ${target}: points outside the repository`);
      } else if (!existsSync(targetPath)) {
        problems.push(`${where}: ${target}: no such file`);
      } else if (fragment !== undefined && fragment !== '' && statSync(targetPath).isFile()) {
        if (targetPath.endsWith('.md') && !anchorsOf(readFileSync(targetPath, 'utf8')).has(fragment)) {
          problems.push(`${where}: ${target}: no heading or anchor "${fragment}"`);
        }
      }
    }
  }
  return problems;
}

const CODE_REFERENCE = /\bdocs\/([A-Za-z0-9_.-]+\.md)(?:#([A-Za-z0-9_-]+))?/g;
const CODE_FOLDERS = ['src', 'test', 'bench', 'seeds', 'migrations', '.ci'];

/** Comments and strings of the code cite docs/FILE.md#anchor: the file and the anchor must exist. */
export function brokenCodeReferences(root) {
  const problems = [];
  const walk = (folder) => {
    if (!existsSync(join(root, folder))) return;
    for (const entry of readdirSync(join(root, folder), { withFileTypes: true })) {
      const path = join(folder, entry.name);
      if (entry.isDirectory()) {
        if (entry.name !== 'node_modules' && entry.name !== 'results') walk(path);
      } else if (/\.(?:ts|mts|js|mjs|cjs|json|sh)$|^run$/.test(entry.name)) {
        readFileSync(join(root, path), 'utf8')
          .split('\n')
          .forEach((line, index) => {
            for (const match of line.matchAll(CODE_REFERENCE)) {
              const target = join(root, 'docs', match[1]);
              const where = `${path}:${index + 1}: docs/${match[1]}${match[2] ? `#${match[2]}` : ''}`;
              if (!existsSync(target)) problems.push(`${where}: no such file`);
              else if (match[2] && !anchorsOf(readFileSync(target, 'utf8')).has(match[2])) {
                problems.push(`${where}: no heading or anchor "${match[2]}"`);
              }
            }
          });
      }
    }
  };
  for (const folder of CODE_FOLDERS) walk(folder);
  return problems;
}

if (process.argv[1] && resolve(process.argv[1]) === resolve(new URL(import.meta.url).pathname)) {
  const args = process.argv.slice(2);
  const rootIndex = args.indexOf('--root');
  const root = rootIndex >= 0 ? args.splice(rootIndex, 2)[1] : process.cwd();
  const files = args.length > 0 ? args : markdownFiles(root);
  const problems = [...brokenLinks(root, files), ...(args.length > 0 ? [] : brokenCodeReferences(root))];
  for (const problem of problems) console.error(problem);
  if (problems.length > 0) process.exit(1);
  console.log(`${files.length} files: every relative link resolves`);
}
