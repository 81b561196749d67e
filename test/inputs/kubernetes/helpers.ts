import type { SourcePosition } from '../../../src/core/position.js';
import type { LintFacts } from '../../../src/evidence/lint-facts.js';
import { buildTopology } from '../../../src/evidence/topology/build-topology.js';
import type { TopologyContributor } from '../../../src/evidence/topology/contributor.js';
import type { ProxyNode, Topology, UpstreamTarget } from '../../../src/evidence/topology/model.js';
import type { ConfigFile, ConfigInput } from '../../../src/inputs/config/config-input.js';
import type { KubernetesFacts } from '../../../src/inputs/kubernetes/model.js';
import { parseKubernetes } from '../../../src/inputs/kubernetes/parse.js';
import { kubernetesTopology } from '../../../src/inputs/kubernetes/topology.js';
import { loadYaml, type YamlFile } from '../../../src/inputs/yaml/load-yaml.js';

export interface Parsed {
  facts: KubernetesFacts;
  problems: { at: SourcePosition; message: string }[];
  suppressions: { file: string; fromLine: number; toLine: number; rules: readonly string[] }[];
}

/** A ConfigInput over in-memory files: the parser is tested without discovery or the engine. */
export function parseFiles(files: Record<string, string>): Parsed {
  const problems: Parsed['problems'] = [];
  const suppressions: Parsed['suppressions'] = [];
  const configFiles: ConfigFile[] = Object.entries(files).map(([path, text]) => ({ path, absolutePath: `/project/${path}`, text }));
  const cache = new Map<string, YamlFile>();
  const input: ConfigInput = {
    files: configFiles,
    yaml(file) {
      let parsed = cache.get(file.path);
      if (!parsed) {
        parsed = loadYaml(file.path, file.text);
        cache.set(file.path, parsed);
        problems.push(...parsed.problems);
      }
      return parsed;
    },
    read: () => ({ ok: false, message: 'not available in tests' }),
    problem: (at, message) => void problems.push({ at, message }),
    suppress: (file, fromLine, toLine, rules) => void suppressions.push({ file, fromLine, toLine, rules }),
    problems: [],
  };
  return { facts: parseKubernetes(input), problems, suppressions };
}

/**
 * The topology of the Kubernetes input alone, plus optional extra proxies/targets standing in for other
 * platforms' parsers (an nginx config inside a ConfigMap).
 */
export function topologyOf(
  files: Record<string, string>,
  extra?: { proxies: ProxyNode[]; targets: UpstreamTarget[] },
): { topology: Topology; facts: KubernetesFacts } {
  const parsed = parseFiles(files);
  const lintFacts = {
    files: Object.entries(files).map(([path, text]) => ({ path, absolutePath: `/project/${path}`, text })),
    kubernetes: parsed.facts,
  } as unknown as LintFacts;
  const contributors: TopologyContributor[] = [kubernetesTopology];
  if (extra) {
    contributors.unshift({
      name: 'test-proxy',
      contribute(_facts, graph) {
        for (const p of extra.proxies) graph.addProxy({ ...p });
        for (const t of extra.targets) graph.addTarget(t);
      },
    });
  }
  return { topology: buildTopology(lintFacts, contributors), facts: parsed.facts };
}

export function yamlDocs(...docs: string[]): string {
  return docs.map((d) => d.trim()).join('\n---\n') + '\n';
}
