/** Facts the envoy parser gathers (with positions). Placeholder shape: the envoy parser defines it. */
export interface EnvoyFacts {
  items: readonly unknown[];
}
