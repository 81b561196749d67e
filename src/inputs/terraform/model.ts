/** Facts the terraform parser gathers (with positions). Placeholder shape: the terraform parser defines it. */
export interface TerraformFacts {
  items: readonly unknown[];
}
