import type { spawn } from 'node:child_process';
import type { CliResult } from '../helpers/run-cli.js';
import { privateCli } from '../helpers/private-cli.js';

/**
 * The shared private copy of the built CLI (test/helpers/private-cli.ts) with the lab's environment: the lab starts
 * updoc again and again (backends, the traffic driver, logs/lint/probe, probe inside a namespace), and each finds
 * bin/updoc.js next to this copy's bundle. `ip`, `nft` and `dnsmasq` live in sbin; output without colour.
 */
export interface PrivateUpdoc {
  dir: string;
  bin: string;
  run(args: string[], options?: { timeout?: number }): CliResult;
  start(args: string[]): ReturnType<typeof spawn>;
  cleanup(): void;
}

const LAB_ENV = { PATH: process.env.PATH ?? '/usr/sbin:/usr/bin:/sbin:/bin', NO_COLOR: '1' };

export function privateUpdoc(): PrivateUpdoc {
  const cli = privateCli();
  return {
    dir: cli.dir,
    bin: cli.bin,
    run: (args, options = {}) => cli.run(args, { env: LAB_ENV, ...(options.timeout ? { timeout: options.timeout } : {}) }),
    start: (args) => cli.start(args, { env: LAB_ENV }),
    cleanup: cli.cleanup,
  };
}
