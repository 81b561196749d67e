import { describe, expect, it } from 'vitest';
import { withEdits } from '../../src/rules/example-edits.js';

const problem = { description: 'the problem', files: { 'a.yaml': 'port: 80\nname: web\n', 'b.conf': 'listen 80;\n' } };

describe('withEdits', () => {
  it('changes only the edited file, in order, and drops the Problem description', () => {
    const fixed = withEdits(problem, [
      { file: 'a.yaml', replace: 'port: 80', with: 'port: 8080' },
      { file: 'a.yaml', replace: 'port: 8080', with: 'port: http' },
    ]);
    expect(fixed).toEqual({ files: { 'a.yaml': 'port: http\nname: web\n', 'b.conf': 'listen 80;\n' } });
    expect(problem.files['a.yaml']).toBe('port: 80\nname: web\n');
  });

  it('keeps a given description and inserts `$` patterns literally', () => {
    expect(withEdits(problem, [{ file: 'b.conf', replace: '80', with: '$& $1' }], 'fixed').files['b.conf']).toBe('listen $& $1;\n');
    expect(withEdits(problem, [], 'fixed').description).toBe('fixed');
  });

  it.each([
    ['text missing', { file: 'a.yaml', replace: 'port: 81', with: 'x' }, /occurs nowhere/],
    ['text ambiguous', { file: 'a.yaml', replace: 'e', with: 'x' }, /occurs 2 times/],
    ['file missing', { file: 'c.yaml', replace: 'port', with: 'x' }, /no file "c.yaml"/],
    ['empty replace', { file: 'a.yaml', replace: '', with: 'x' }, /nothing to replace/],
  ])('throws on a stale edit: %s', (_name, edit, message) => {
    expect(() => withEdits(problem, [edit])).toThrow(message);
  });
});
