import { describe, expect, it } from 'vitest';
import { lintProject, positionsOf } from '../helpers/lint-project.js';

describe('smoke', () => {
  it('reports malformed YAML with its position', async () => {
    const { findings } = await lintProject({ 'k8s/a.yaml': 'a: 1\n  b: 2\n', 'k8s/b.yaml': 'kind: Service\n' });
    expect(positionsOf(findings, 'input/parse-error')).toEqual(['k8s/a.yaml:1:4']);
  });
});
