import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  chromiumAvailable,
  ESC,
  expectInertPage,
  expectNoSidewaysScroll,
  expectScreenshot,
  HOSTILE_NAME,
  HOSTILE_REQUEST,
  type OpenedReport,
  openReport,
  type PageDocument,
} from '../helpers/browser.js';
import { runCli } from '../helpers/run-cli.js';
import { fixture } from './helpers.js';

/**
 * The HTML report opened in a real headless Chromium: self-contained (no request but the page),
 * no console errors, the chart of failures over time per cause drawn with the right series and
 * numbers, the tables right, and hostile log text shown as text (no dialog, no injected element).
 */
declare const document: PageDocument;

const available = chromiumAvailable('the logs HTML browser test');

const HOSTILE_EVENT = `deploy <script>alert(4)</script> ${ESC}[1mv9`;
const LONG_UPSTREAM = `${'a-very-long-service-name-'.repeat(6)}x.svc.cluster.local:8080`;

describe.skipIf(!available)('updoc logs --format html in headless Chromium', () => {
  let dir: string;
  let opened: OpenedReport;
  let page: Page;
  let data: {
    files: { path: string; lines: number; matched: number }[];
    byUpstream: { upstream: string; count: number }[];
    timeline: { buckets: { byCause: Record<string, number> }[] };
  };

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'updoc-html-browser-'));
    const hostile = join(dir, HOSTILE_NAME);
    writeFileSync(
      hostile,
      [
        `2024/03/12 09:14:02 [error] 31#31: *7 connect() failed (111: Connection refused) while connecting to upstream, client: 172.18.0.1, server: x, request: "GET ${HOSTILE_REQUEST} HTTP/1.1", upstream: "http://10.0.0.9:80/", host: "x|<b>y</b>"`,
        `2024/03/12 09:14:03 [error] 31#31: *8 connect() failed (111: Connection refused) while connecting to upstream, client: 172.18.0.1, server: x, request: "GET /${'z'.repeat(600)} HTTP/1.1", upstream: "http://${LONG_UPSTREAM}/", host: "x"`,
        '',
      ].join('\n'),
    );
    const events = join(dir, 'events.txt');
    writeFileSync(events, `${readFileSync(fixture('incident-events.txt'), 'utf8')}2024-03-12T09:12:00Z ${HOSTILE_EVENT}\n`);
    const args = [fixture('incident-nginx-error.txt'), hostile, '--events', events];
    const html = runCli(['logs', '--format', 'html', ...args]);
    expect(html.code).toBe(1);
    const json = runCli(['logs', '--json', ...args]);
    data = JSON.parse(json.stdout);
    opened = await openReport(dir, html.stdout);
    page = opened.page;
  }, 60_000);

  afterAll(async () => {
    await opened?.context.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('loads with no console errors and no request but the page itself (self-contained)', () => {
    expect(opened.consoleErrors).toEqual([]);
    expect(opened.requests).toEqual([opened.pageUrl]);
  });

  it('draws the chart of failures over time with one series per cause, the right bars and a visible size', async () => {
    const chart = page.locator('svg.chart');
    await expect.poll(() => chart.count()).toBe(1);
    const box = await chart.boundingBox();
    expect(box?.width).toBeGreaterThan(800);
    expect(box?.height).toBeGreaterThan(200);

    const series = await page.$$eval('svg.chart g.series', (groups) =>
      groups.map((g) => ({
        cause: g.getAttribute('data-cause'),
        fill: g.getAttribute('fill'),
        bars: g.querySelectorAll('rect').length,
        total: [...g.querySelectorAll('rect')].reduce((a, r) => a + Number(r.getAttribute('data-count')), 0),
        drawn: [...g.querySelectorAll('rect')].every((r) => {
          const b = r.getBoundingClientRect();
          return b.width > 0 && b.height > 0;
        }),
      })),
    );
    // The fixture: 30 refusals 09:10–09:20 (+2 in the hostile file), 10 timeouts 09:00–09:10, 10 "no live upstreams" 09:20–09:25.
    expect(series.map((s) => [s.cause, s.total])).toEqual([
      ['not-listening', 32],
      ['slow-upstream', 10],
      ['no-healthy-upstream', 10],
    ]);
    for (const s of series) {
      // As many bars as time buckets in which the cause failed (per the JSON of the same inputs).
      expect(s.bars).toBe(data.timeline.buckets.filter((b) => (b.byCause[s.cause ?? ''] ?? 0) > 0).length);
      expect(s.drawn).toBe(true);
    }
    expect(new Set(series.map((s) => s.fill)).size).toBe(3);
    // The legend names the same causes in the same colours.
    const legend = await page.$$eval('p.legend span', (spans) => spans.map((s) => [s.textContent, s.querySelector('i')?.getAttribute('style') ?? '']));
    expect(legend).toEqual(series.map((s) => [s.cause, `background:${s.fill}`]));
    // Deploy 09:09:30 and the hostile one at 09:12 (--events), nginx's reload at 09:10; its start at 09:00:00 is before the first bar.
    expect(await page.locator('svg.chart g.events line').count()).toBe(3);
  });

  it('shows the right counts in the tables', async () => {
    const rows = async (heading: string) =>
      page.$$eval(
        'h2',
        (hs, name) => {
          const h = hs.find((x) => x.textContent === name);
          let table = h?.nextElementSibling;
          while (table && table.tagName !== 'TABLE') table = table.nextElementSibling;
          return [...(table?.querySelectorAll('tr') ?? [])].slice(1).map((tr) => [...tr.querySelectorAll('td')].map((td) => td.innerText.trim()));
        },
        heading,
      );
    const inputs = await rows('Inputs');
    expect(inputs.map((r) => [r[0].replace(/^.*\//, ''), r[2], r[3]])).toEqual([
      ['incident-nginx-error.txt', '53', '50'],
      [HOSTILE_NAME, '2', '2'],
    ]);
    const upstreams = Object.fromEntries((await rows('Upstreams')).map((r) => [r[0], Number(r[1])]));
    expect(upstreams).toEqual({ '10.0.0.5:3000': 30, '10.0.0.6:3000': 10, cart_pool: 10, '10.0.0.9:80': 1, [LONG_UPSTREAM]: 1 });
    expect(upstreams).toEqual(Object.fromEntries(data.byUpstream.map((u) => [u.upstream, u.count])));
  });

  it('shows hostile log text as inert text: no dialog, no injected element, no terminal escapes', async () => {
    const text = await expectInertPage(opened);
    const dom = await page.evaluate(() => ({
      bold: [...document.querySelectorAll('b')].map((b) => b.textContent),
      titles: [...document.querySelectorAll('svg title')].map((t) => t.textContent ?? ''),
      embedded: JSON.parse(document.getElementById('updoc-data')?.textContent ?? 'null'),
    }));
    expect(dom.bold).not.toContain('y');
    expect(text).toContain('<script>alert(1)</script><img src=x onerror=alert(2)>');
    expect(text).toContain(HOSTILE_NAME);
    expect(text).toContain('x|<b>y</b>');
    expect(dom.titles.some((t) => t.includes('deploy <script>alert(4)</script> v9'))).toBe(true);
    // The embedded JSON keeps the text as read, and survives the escaping that keeps it inside its element.
    const samples = (dom.embedded.groups as { samples: { text: string }[] }[]).flatMap((g) => g.samples.map((s) => s.text));
    expect(samples.some((t) => t.includes(HOSTILE_REQUEST))).toBe(true);
  });

  it('fits the window without sideways scrolling, also on a narrow screen', () => expectNoSidewaysScroll(page));

  it('renders to a non-trivial PNG screenshot', () => expectScreenshot(page, join(dir, 'report.png'), 1500));
});
