import type { Environment } from '../core/ids.js';
import { PLATFORM_ALIASES } from '../knowledge/context-hints.js';
import { type ParsedArgs, UsageError } from './command.js';

/** `--platform NAME` (aliases allowed: k8s, alb, …) → environment, or a usage error naming the choices. */
export function platformOption(values: ParsedArgs['values']): Environment | undefined {
  const platform = typeof values.platform === 'string' ? values.platform.toLowerCase() : undefined;
  if (!platform) return undefined;
  // Own keys only: `--platform constructor` is not a platform.
  const environment = Object.hasOwn(PLATFORM_ALIASES, platform) ? PLATFORM_ALIASES[platform] : undefined;
  if (!environment) throw new UsageError(`unknown --platform "${platform.slice(0, 40)}"; use one of: ${Object.keys(PLATFORM_ALIASES).join(', ')}`);
  return environment;
}
