/** Facts the compose parser gathers (with positions). Placeholder shape: the compose parser defines it. */
export interface ComposeFacts {
  items: readonly unknown[];
}
