import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { privateCli } from '../helpers/private-cli.js';
import { runCli } from '../helpers/run-cli.js';

const cli = privateCli();
afterAll(() => cli.cleanup());

describe('privateCli (test helper)', () => {
  it('is a copy of the built CLI that answers like this tree’s', () => {
    expect(cli.bin).toBe(join(cli.dir, 'bin', 'updoc.js'));
    expect(existsSync(join(cli.dir, 'dist', 'bin.js'))).toBe(true);
    const line = 'connect() failed (111: Connection refused) while connecting to upstream, upstream: "http://127.0.0.1:3000/"';
    const copy = cli.run(['explain', '--json', line]);
    expect(copy.code).toBe(0);
    expect(copy.stdout).toBe(runCli(['explain', '--json', line]).stdout);
  });

  it('starts the copy without waiting', async () => {
    const child = cli.start(['--version']);
    let out = '';
    child.stdout?.on('data', (d) => (out += d));
    const code = await new Promise((resolve) => child.on('close', resolve));
    expect(code).toBe(0);
    expect(out.trim()).toBe(runCli(['--version']).stdout.trim());
  });
});
