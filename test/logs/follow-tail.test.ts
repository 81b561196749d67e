import { appendFileSync, closeSync, mkdtempSync, openSync, renameSync, rmSync, truncateSync, unlinkSync, writeFileSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { FileTail, type GenerationInfo } from '../../src/inputs/logs/follow.js';
import type { LineSink } from '../../src/inputs/logs/line-assembler.js';

const tmp = mkdtempSync(join(tmpdir(), 'updoc-follow-tail-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/** A listener that records every generation and its lines, so each test can say what was read from which file. */
function recorder() {
  const generations: { info: GenerationInfo; lines: string[]; ended: boolean; sink: LineSink }[] = [];
  return {
    generations,
    lines: () => generations.flatMap((g) => g.lines),
    listener: {
      begin(info: GenerationInfo): LineSink {
        const lines: string[] = [];
        const sink: LineSink = {
          lines: (buf, start, end) => {
            const text = buf.toString('utf8', start, end);
            lines.push(...text.split('\n').filter((l, i, all) => i < all.length - 1 || l !== ''));
          },
          overlongLine: (_buf, start, end) => {
            lines.push(`OVERLONG:${end - start}`);
          },
        };
        generations.push({ info, lines, ended: false, sink });
        return sink;
      },
      end(sink: LineSink) {
        const g = generations.find((x) => x.sink === sink);
        if (g) g.ended = true;
      },
    },
  };
}

function tailOf(path: string, rec: ReturnType<typeof recorder>, options: Partial<ConstructorParameters<typeof FileTail>[2]> = {}) {
  return new FileTail(path, rec.listener, { fromStart: false, ...options });
}

let n = 0;
const fresh = (content = '') => {
  const path = join(tmp, `log-${++n}.txt`);
  writeFileSync(path, content);
  return path;
};
const BIG = 1 << 30;

describe('FileTail: reads only new complete lines, rotation-safe', () => {
  it('starts at the end (the existing lines are counted for line numbers and given as a preview), then reads appended lines', () => {
    const path = fresh('old 1\nold 2\nold 3\n');
    const rec = recorder();
    const tail = tailOf(path, rec);
    expect(tail.poll(BIG).bytes).toBe(0);
    expect(rec.generations[0].info).toEqual({ reason: 'start', lineBase: 3, preview: ['old 1', 'old 2', 'old 3'] });
    appendFileSync(path, 'new 1\nnew 2\n');
    tail.poll(BIG);
    expect(rec.lines()).toEqual(['new 1', 'new 2']);
    expect(tail.state).toBe('following');
  });

  it('a line still being written when following starts is read whole; a partial line waits for its newline', () => {
    const path = fresh('done\nhalf of a li');
    const rec = recorder();
    const tail = tailOf(path, rec);
    tail.poll(BIG);
    expect(rec.generations[0].info.lineBase).toBe(1);
    expect(rec.lines()).toEqual([]);
    tail.poll(BIG);
    expect(rec.lines()).toEqual([]);
    appendFileSync(path, 'ne\nand another par');
    tail.poll(BIG);
    expect(rec.lines()).toEqual(['half of a line']);
    appendFileSync(path, 't\n');
    tail.poll(BIG);
    expect(rec.lines()).toEqual(['half of a line', 'and another part']);
  });

  it('--from-start reads the existing content first', () => {
    const path = fresh('a\nb\n');
    const rec = recorder();
    const tail = tailOf(path, rec, { fromStart: true });
    tail.poll(BIG);
    expect(rec.lines()).toEqual(['a', 'b']);
    expect(rec.generations[0].info.lineBase).toBe(0);
  });

  it('reads at most the budget per poll and says more is pending', () => {
    const path = fresh('');
    const rec = recorder();
    const tail = tailOf(path, rec, { bufferBytes: 4096 });
    tail.poll(BIG);
    const line = `${'x'.repeat(99)}\n`;
    appendFileSync(path, line.repeat(1000));
    const first = tail.poll(10_000);
    expect(first.bytes).toBeLessThanOrEqual(10_000);
    expect(first.pending).toBe(true);
    let polls = 1;
    while (tail.poll(10_000).pending) polls++;
    expect(polls).toBeGreaterThanOrEqual(10);
    expect(rec.lines()).toHaveLength(1000);
  });

  it('rename + create (logrotate): the old file is read until its grace period ends, the new one from its start', () => {
    const path = fresh('old\n');
    const rec = recorder();
    let now = 0;
    const tail = tailOf(path, rec, { rotationGraceMs: 1000, now: () => now });
    tail.poll(BIG);
    appendFileSync(path, 'before rotation\n');
    tail.poll(BIG);
    renameSync(path, `${path}.1`);
    appendFileSync(`${path}.1`, 'written to the renamed file before the writer reopened\n');
    writeFileSync(path, 'first line of the new file\n');
    tail.poll(BIG);
    expect(tail.rotations).toBe(1);
    expect(rec.generations.map((g) => g.info.reason)).toEqual(['start', 'rotated']);
    expect(rec.generations[0].lines).toEqual(['before rotation', 'written to the renamed file before the writer reopened']);
    expect(rec.generations[1].lines).toEqual(['first line of the new file']);
    appendFileSync(`${path}.1`, 'late line in the old file\n');
    now = 500;
    tail.poll(BIG);
    expect(rec.generations[0].lines).toContain('late line in the old file');
    expect(rec.generations[0].ended).toBe(false);
    now = 1500;
    tail.poll(BIG);
    expect(rec.generations[0].ended).toBe(true);
    appendFileSync(`${path}.1`, 'too late\n');
    appendFileSync(path, 'second line of the new file\n');
    tail.poll(BIG);
    expect(rec.lines()).not.toContain('too late');
    expect(rec.generations[1].lines).toEqual(['first line of the new file', 'second line of the new file']);
  });

  it('copytruncate: the size drops below the read position, reading restarts at the start', () => {
    const path = fresh('');
    const rec = recorder();
    const tail = tailOf(path, rec);
    tail.poll(BIG);
    appendFileSync(path, 'one\ntwo\nthree\n');
    tail.poll(BIG);
    truncateSync(path, 0);
    appendFileSync(path, 'after\n');
    tail.poll(BIG);
    expect(tail.truncations).toBe(1);
    expect(rec.generations.map((g) => g.info.reason)).toEqual(['start', 'truncated']);
    expect(rec.generations[0].ended).toBe(true);
    expect(rec.generations[1].lines).toEqual(['after']);
  });

  it('truncated and rewritten past the read position between two polls: noticed by the bytes at the start and before the position', () => {
    const path = fresh('');
    const rec = recorder();
    const tail = tailOf(path, rec);
    tail.poll(BIG);
    appendFileSync(path, 'aaa\n');
    tail.poll(BIG);
    // Same inode (O_TRUNC), longer than before: the size alone cannot tell.
    writeFileSync(path, 'new 1\nnew 2\nnew 3\n');
    tail.poll(BIG);
    expect(tail.truncations).toBe(1);
    expect(rec.lines()).toEqual(['aaa', 'new 1', 'new 2', 'new 3']);
    // Lines that differ only at their start (a timestamp), rewritten at the same offsets.
    const line = (t: number) => `09:00:0${t} ${'same tail of every line '.repeat(4)}\n`;
    appendFileSync(path, line(1));
    tail.poll(BIG);
    writeFileSync(path, line(2) + line(3) + line(4) + line(5));
    tail.poll(BIG);
    expect(tail.truncations).toBe(2);
    expect(rec.lines().slice(-4)).toEqual([2, 3, 4, 5].map((t) => line(t).slice(0, -1)));
  });

  it('a writer without O_APPEND after copytruncate leaves a NUL-filled hole: skipped, the line after it read', () => {
    const path = fresh('');
    const rec = recorder();
    const tail = tailOf(path, rec);
    tail.poll(BIG);
    appendFileSync(path, 'line one\nline two\n');
    tail.poll(BIG);
    truncateSync(path, 0);
    const fd = openSync(path, 'r+');
    writeSync(fd, 'line three\n', 18);
    closeSync(fd);
    tail.poll(BIG);
    expect(rec.generations[1].lines).toEqual(['line three']);
  });

  it('deleted, then created again: waits, then reads the new file from its start', () => {
    const path = fresh('');
    const rec = recorder();
    let now = 0;
    const tail = tailOf(path, rec, { rotationGraceMs: 100, now: () => now });
    tail.poll(BIG);
    appendFileSync(path, 'x\n');
    tail.poll(BIG);
    unlinkSync(path);
    now = 1000;
    tail.poll(BIG);
    expect(rec.generations[0].ended).toBe(false);
    now = 2000;
    tail.poll(BIG);
    expect(tail.state).toBe('gone');
    expect(tail.message).toMatch(/waiting for it to reappear/);
    expect(rec.generations[0].ended).toBe(true);
    writeFileSync(path, 'back 1\nback 2\n');
    tail.poll(BIG);
    expect(tail.state).toBe('following');
    expect(tail.recreations).toBe(1);
    expect(rec.generations.map((g) => g.info.reason)).toEqual(['start', 'created']);
    expect(rec.lines()).toEqual(['x', 'back 1', 'back 2']);
  });

  it('a file missing at the start is waited for and read whole when it appears; gzip and directories are refused', () => {
    const path = join(tmp, 'later.txt');
    const rec = recorder();
    const tail = tailOf(path, rec);
    tail.poll(BIG);
    expect(tail.state).toBe('waiting');
    writeFileSync(path, 'hello\n');
    tail.poll(BIG);
    expect(rec.lines()).toEqual(['hello']);

    const gz = fresh('');
    writeFileSync(gz, Buffer.from([0x1f, 0x8b, 8, 0, 0, 0, 0, 0]));
    const gzTail = tailOf(gz, recorder());
    gzTail.poll(BIG);
    expect(gzTail.state).toBe('error');
    expect(gzTail.message).toMatch(/gzip/);

    const dirTail = tailOf(tmp, recorder());
    dirTail.poll(BIG);
    expect(dirTail.message).toMatch(/is a directory/);
  });

  it('close() flushes a last line without a newline and ends every generation', () => {
    const path = fresh('');
    const rec = recorder();
    const tail = tailOf(path, rec);
    tail.poll(BIG);
    appendFileSync(path, 'complete\nunfinished');
    tail.poll(BIG);
    expect(rec.lines()).toEqual(['complete']);
    tail.close();
    expect(rec.lines()).toEqual(['complete', 'unfinished']);
    expect(rec.generations.every((g) => g.ended)).toBe(true);
  });
});
