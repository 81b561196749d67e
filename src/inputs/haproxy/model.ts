/** Facts the haproxy parser gathers (with positions). Placeholder shape: the haproxy parser defines it. */
export interface HaproxyFacts {
  items: readonly unknown[];
}
