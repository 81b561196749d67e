/** Facts the spring parser gathers (with positions). Placeholder shape: the spring parser defines it. */
export interface SpringFacts {
  items: readonly unknown[];
}
