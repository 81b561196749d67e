import { describe, expect, it } from 'vitest';
import { composeBytes } from '../../../src/inputs/compose/byte-value.js';

const KiB = 1024;
const MiB = 1024 ** 2;
const GiB = 1024 ** 3;

/**
 * Compose byte values as docker compose reads them (go-units' RAMInBytes). The accepted and refused spellings were
 * checked against the same parser in the Docker CLI (`docker create --memory <value>`: "invalid suffix" or not).
 */
describe('Compose byte values', () => {
  it.each([
    ['the specification examples: 2b', '2b', 2],
    ['1024kb', '1024kb', 1024 * KiB],
    ['2048k', '2048k', 2048 * KiB],
    ['300m', '300m', 300 * MiB],
    ['1gb', '1gb', GiB],
    ['a plain number is bytes', '1073741824', GiB],
    ['any case', '768M', 768 * MiB],
    ['1GB', '1GB', GiB],
    ['an ib ending', '512MiB', 512 * MiB],
    ['1gib', '1gib', GiB],
    ['a fraction', '1.5g', 1.5 * GiB],
    ['a space before the unit', '1 g', GiB],
    ['terabytes', '1t', 1024 * GiB],
    ['an exponent', '1e9', 1e9],
    ['zero (no limit)', '0', 0],
  ])('%s: %s', (_name, text, bytes) => {
    expect(composeBytes(text)).toBe(bytes);
  });

  it.each([
    ["Kubernetes' 1Gi (invalid suffix 'gi')", '1Gi'],
    ['a doubled unit', '1kk'],
    ['a b with more after it', '1bb'],
    ['a unit of its own', 'g'],
    ['a unit that is not one', '1x'],
    ['a suffix too long', '1mibb'],
    ['negative', '-1g'],
    ['empty', ''],
  ])('refused: %s', (_name, text) => {
    expect(composeBytes(text)).toBeUndefined();
  });
});
