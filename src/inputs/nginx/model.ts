/** Facts the nginx parser gathers (with positions). Placeholder shape: the nginx parser defines it. */
export interface NginxFacts {
  items: readonly unknown[];
}
