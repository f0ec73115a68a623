/**
 * markdownlint rule: every fenced code block is closed where its author meant it to close.
 *
 * CommonMark lets a fence run to the end of the document, and a line such as "```sh" inside an open
 * block is content, not a new fence (a closing fence has no info string). Either way the prose after
 * a forgotten closing fence renders as code and markdownlint's built-in rules stay silent. This rule
 * reports a fence with no closing line, and an open block holding a line that opens a fence with a
 * language (the next block's opening, swallowed).
 */
const OPENING_WITH_INFO = /^ {0,3}(`{3,}|~{3,})\s*[A-Za-z]/;

/** @type {import('markdownlint').Rule} */
export default {
  names: ['GS001', 'closed-fences'],
  description: 'Fenced code blocks must be closed before the next block opens',
  tags: ['code'],
  parser: 'micromark',
  function: (params, onError) => {
    const visit = (tokens) => {
      for (const token of tokens) {
        if (token.type === 'codeFenced') {
          const fences = token.children.filter((child) => child.type === 'codeFencedFence');
          if (fences.length < 2) {
            onError({ lineNumber: token.startLine, detail: 'this fence is never closed' });
          } else {
            for (let line = token.startLine + 1; line < token.endLine; line += 1) {
              if (OPENING_WITH_INFO.test(params.lines[line - 1])) {
                onError({
                  lineNumber: token.startLine,
                  detail: `the fence opened here is still open at line ${line}, which opens another`,
                });
                break;
              }
            }
          }
        }
        if (token.children) visit(token.children);
      }
    };
    visit(params.parsers.micromark.tokens);
  },
};
