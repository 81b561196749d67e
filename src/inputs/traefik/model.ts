/** Facts the traefik parser gathers (with positions). Placeholder shape: the traefik parser defines it. */
export interface TraefikFacts {
  items: readonly unknown[];
}
