import type { ConfigPlatform } from '../config/platform.js';
import { parseKubernetes } from './parse.js';
import { kubernetesTopology } from './topology.js';

/** Kubernetes, Gateway API and Istio objects: parser and topology contributor. */
export const kubernetesPlatform: ConfigPlatform<'kubernetes'> = {
  key: 'kubernetes',
  parse: (input) => parseKubernetes(input),
  topology: kubernetesTopology,
};
