/** Facts the kubernetes parser gathers (with positions). Placeholder shape: the kubernetes parser defines it. */
export interface KubernetesFacts {
  items: readonly unknown[];
}
