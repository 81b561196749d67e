/** Facts the caddy parser gathers (with positions). Placeholder shape: the caddy parser defines it. */
export interface CaddyFacts {
  items: readonly unknown[];
}
