import { readFileSync } from 'node:fs';

/** A shell command of a ```sh block, with the comments around it (what the docs say it answers). */
export interface DocumentedCommand {
  file: string;
  line: number;
  command: string;
  /** Comment lines just before, on, and just after the command. */
  comments: string;
}

/**
 * The commands of every ```sh block of a markdown file, in order: a command continues over lines
 * ending with a backslash and over a quoted string left open (a JSON body on several lines).
 */
export function documentedCommands(path: string, file = path): DocumentedCommand[] {
  const lines = readFileSync(path, 'utf8').split('\n');
  const commands: DocumentedCommand[] = [];
  let inBlock = false;
  let pending: string[] = [];
  let pendingComments: string[] = [];
  let start = 0;
  for (let index = 0; index < lines.length; index += 1) {
    const line = lines[index];
    if (!inBlock) {
      inBlock = /^```(sh|bash|shell)\s*$/.test(line);
      pendingComments = [];
      continue;
    }
    if (/^```\s*$/.test(line)) {
      inBlock = false;
      continue;
    }
    if (pending.length === 0) {
      if (line.trim() === '') {
        pendingComments = [];
        continue;
      }
      if (line.trim().startsWith('#')) {
        const previous = commands.at(-1);
        // A comment right after a command describes its answer; it also introduces the next one.
        if (previous && previous.line + previous.command.split('\n').length === index)
          previous.comments += `\n${line}`;
        pendingComments.push(line);
        continue;
      }
      start = index + 1;
    }
    pending.push(line);
    const text = pending.join('\n');
    if (line.endsWith('\\') || (text.replace(/"[^"]*"/g, '').match(/'/g) ?? []).length % 2 === 1) continue;
    commands.push({ file, line: start, command: text, comments: [...pendingComments, text].join('\n') });
    pending = [];
    pendingComments = [];
  }
  return commands;
}
