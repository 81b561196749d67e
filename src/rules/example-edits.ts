import type { RuleExample } from '../core/define-rule.js';

/** One textual change of an example file: `replace` must occur exactly once in the file as it is at that point. */
export interface ExampleEdit {
  file: string;
  replace: string;
  with: string;
}

function occurrences(text: string, literal: string): number {
  let count = 0;
  for (let at = text.indexOf(literal); at !== -1; at = text.indexOf(literal, at + 1)) count++;
  return count;
}

/**
 * A rule's Fixed example written as its Problem example plus the lines that change, so the two cannot drift
 * apart unnoticed: an edit whose text is missing or ambiguous throws when the rule module loads.
 * The result has only the given description (the Problem's describes the problem).
 */
export function withEdits(example: RuleExample, edits: readonly ExampleEdit[], description?: string): RuleExample {
  const files = { ...example.files };
  for (const edit of edits) {
    const text = files[edit.file];
    if (text === undefined) throw new Error(`example edit: no file "${edit.file}" in the example`);
    if (edit.replace === '') throw new Error(`example edit of "${edit.file}": nothing to replace`);
    const count = occurrences(text, edit.replace);
    if (count !== 1)
      throw new Error(`example edit of "${edit.file}": ${JSON.stringify(edit.replace)} occurs ${count === 0 ? 'nowhere' : `${count} times`}, not once`);
    files[edit.file] = text.replace(edit.replace, () => edit.with);
  }
  return description === undefined ? { files } : { description, files };
}
