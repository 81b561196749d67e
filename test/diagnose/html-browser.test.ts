import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  chromiumAvailable,
  expectInertPage,
  expectNoSidewaysScroll,
  expectScreenshot,
  HOSTILE_NAME,
  HOSTILE_REQUEST,
  type OpenedReport,
  openReport,
} from '../helpers/browser.js';
import { ROOT, runCli } from '../helpers/run-cli.js';

/**
 * The diagnose HTML report in a real headless Chromium: self-contained, the topology drawn with the blamed path
 * highlighted, the logs' timeline chart with the right counts, the evidence linked from the causes, hostile text
 * from logs and file names shown as text, no sideways scrolling, and a screenshot.
 */
const available = chromiumAvailable('the diagnose HTML browser test');

describe.skipIf(!available)('updoc diagnose --format html in headless Chromium', () => {
  let dir: string;
  let opened: OpenedReport;
  let page: Page;
  let json: {
    evidence: { id: string }[];
    causes: { id: string; evidence: { id: string }[] }[];
    topology: { nodes: { id: string }[]; edges: { from: string; to: string; highlight: boolean; status: string }[] };
    logs: { failures: number };
  };

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'updoc-diagnose-html-'));
    const project = join(dir, 'project');
    cpSync(join(ROOT, 'examples', 'diagnose-compose-localhost'), project, { recursive: true });
    writeFileSync(
      join(project, 'logs', HOSTILE_NAME),
      `2026/11/20 21:06:19 [error] 29#29: *40 connect() failed (111: Connection refused) while connecting to upstream, client: 172.19.0.1, server: _, request: "GET ${HOSTILE_REQUEST} HTTP/1.1", upstream: "http://127.0.0.1:3001/x", host: "x|<b>y</b>"\n`,
    );
    const html = runCli(['diagnose', project, '--format', 'html']);
    expect(html.code).toBe(1);
    json = JSON.parse(runCli(['diagnose', project, '--json']).stdout);
    opened = await openReport(dir, html.stdout);
    page = opened.page;
  }, 60_000);

  afterAll(async () => {
    await opened?.context.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('loads with no console errors and no request but the page itself', () => {
    expect(opened.consoleErrors).toEqual([]);
    expect(opened.requests).toEqual([opened.pageUrl]);
  });

  it('shows the verdict first', async () => {
    const verdict = await page.locator('#verdict').innerText();
    expect(verdict).toContain('Problem found');
    expect(verdict).toContain('wrong-host-localhost');
    expect(verdict).toContain('proxy_pass http://api:3000;');
    const box = await page.locator('#verdict').boundingBox();
    expect(box?.y).toBeLessThan(200);
  });

  it('draws the topology: proxy → target → what it reaches, the blamed path thick and red', async () => {
    const svg = page.locator('svg.topology');
    await expect.poll(() => svg.count()).toBe(1);
    const box = await svg.boundingBox();
    expect(box?.width).toBeGreaterThan(800);
    const nodes = await page.$$eval('svg.topology g.node', (gs) =>
      gs.map((g) => ({ id: g.getAttribute('data-id'), kind: g.getAttribute('class'), drawn: g.getBoundingClientRect().width > 100 })),
    );
    expect(nodes.map((n) => n.id)).toEqual(json.topology.nodes.map((n) => n.id));
    expect(nodes.every((n) => n.drawn)).toBe(true);
    const edges = await page.$$eval('svg.topology g.edge', (gs) =>
      gs.map((g) => {
        const path = g.querySelector('path');
        const b = path?.getBoundingClientRect();
        return {
          from: g.getAttribute('data-from'),
          to: g.getAttribute('data-to'),
          cls: g.getAttribute('class'),
          stroke: path?.getAttribute('stroke'),
          width: Number(path?.getAttribute('stroke-width')),
          visible: Boolean(b && b.width > 10),
          title: path?.querySelector('title')?.textContent ?? '',
        };
      }),
    );
    const highlighted = edges.filter((e) => e.cls?.includes('highlight'));
    expect(highlighted.map((e) => [e.from, e.to])).toEqual(json.topology.edges.filter((e) => e.highlight).map((e) => [e.from, e.to]));
    expect(highlighted).toHaveLength(2);
    for (const e of highlighted) {
      expect(e.stroke).toBe('#d32f2f');
      expect(e.width).toBe(4);
      expect(e.visible).toBe(true);
    }
    expect(highlighted.some((e) => e.cls?.includes('broken') && e.title.includes('`localhost` inside Compose service `proxy`'))).toBe(true);
    expect(edges.filter((e) => !e.cls?.includes('highlight')).every((e) => e.width < 4)).toBe(true);
    // The blamed nodes are outlined too; the API the proxy should use is drawn as a backend.
    expect(await page.locator('svg.topology g.node.blamed').count()).toBe(3);
    expect(await page.$$eval('svg.topology g.node.backend text', (ts) => ts.map((t) => t.textContent))).toContain('Compose service `api`');
  });

  it("draws the logs' timeline with every failure counted under its cause", async () => {
    const series = await page.$$eval('svg.chart g.series', (gs) =>
      gs.map((g) => ({
        cause: g.getAttribute('data-cause'),
        total: [...g.querySelectorAll('rect')].reduce((a, r) => a + Number(r.getAttribute('data-count')), 0),
      })),
    );
    expect(series.reduce((a, s) => a + s.total, 0)).toBe(json.logs.failures);
    expect(json.logs.failures).toBe(9);
    expect(series.map((s) => s.cause)).toEqual(['wrong-host-localhost']);
  });

  it('lists every piece of evidence, linked from the causes', async () => {
    const rows = await page.$$eval('table.evidence tr[id]', (trs) => trs.map((tr) => tr.getAttribute('id')));
    expect(rows).toEqual(json.evidence.map((e) => e.id));
    const links = await page.$$eval('ol.causes a', (as) => as.map((a) => a.getAttribute('href')));
    expect(links.length).toBeGreaterThan(0);
    for (const href of links) expect(rows).toContain(href?.slice(1));
    expect(links).toEqual(json.causes.flatMap((c) => c.evidence.slice(0, 10).map((e) => `#${e.id}`)));
  });

  it('shows hostile log text and file names as inert text', async () => {
    const text = await expectInertPage(opened);
    expect(text).toContain(HOSTILE_NAME);
    expect(text).toContain('<script>alert(1)</script><img src=x onerror=alert(2)>');
  });

  it('fits the window without sideways scrolling, also on a narrow screen', () => expectNoSidewaysScroll(page));

  it('renders to a non-trivial PNG screenshot', () => expectScreenshot(page, join(dir, 'report.png'), 1200));
});
