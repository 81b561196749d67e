import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT, runCli } from '../helpers/run-cli.js';

/**
 * The diagnose HTML report in a real headless Chromium: self-contained, the topology drawn with the blamed path
 * highlighted, the logs' timeline chart with the right counts, the evidence linked from the causes, hostile text
 * from logs and file names shown as text, no sideways scrolling, and a screenshot.
 */
interface PageNode {
  readonly textContent: string | null;
  readonly innerText: string;
  readonly type: string;
}
declare const document: {
  readonly images: ArrayLike<unknown>;
  readonly scripts: Iterable<PageNode>;
  readonly body: PageNode;
  readonly documentElement: { scrollWidth: number; clientWidth: number };
  querySelectorAll(selector: string): ArrayLike<PageNode> & Iterable<PageNode>;
  getElementById(id: string): PageNode | null;
};

const CHROMIUM = '/usr/bin/chromium';
const ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
const available = existsSync(CHROMIUM);
if (!available) console.warn(`skipping the diagnose HTML browser test: ${CHROMIUM} is not installed (scripts/install-test-deps.sh installs chromium)`);

const ESC = '\u001b';
const HOSTILE_REQUEST = `/</script><script>alert(1)</script><img src=x onerror=alert(2)>${ESC}]0;pwned\u0007${ESC}[31mRED`;
const HOSTILE_NAME = 'evil<img src=x onerror=alert(3)>.log';

describe.skipIf(!available)('updoc diagnose --format html in headless Chromium', () => {
  let dir: string;
  let context: BrowserContext;
  let page: Page;
  let pageUrl: string;
  let json: {
    evidence: { id: string }[];
    causes: { id: string; evidence: { id: string }[] }[];
    topology: { nodes: { id: string }[]; edges: { from: string; to: string; highlight: boolean; status: string }[] };
    logs: { failures: number };
  };
  const consoleErrors: string[] = [];
  const requests: string[] = [];
  const dialogs: string[] = [];

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
    const report = join(dir, 'report.html');
    writeFileSync(report, html.stdout);
    pageUrl = pathToFileURL(report).href;
    json = JSON.parse(runCli(['diagnose', project, '--json']).stdout);

    const { chromium } = await import('playwright-core');
    context = await chromium.launchPersistentContext(join(dir, 'profile'), { executablePath: CHROMIUM, args: ARGS, headless: true });
    page = await context.newPage();
    page.on('console', (m) => {
      if (m.type() === 'error') consoleErrors.push(m.text());
    });
    page.on('pageerror', (e) => consoleErrors.push(e.message));
    page.on('request', (r) => requests.push(r.url()));
    page.on('dialog', (d) => {
      dialogs.push(d.message());
      void d.dismiss();
    });
    await page.setViewportSize({ width: 1200, height: 900 });
    await page.goto(pageUrl, { waitUntil: 'load', timeout: 15_000 });
  }, 60_000);

  afterAll(async () => {
    await context?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('loads with no console errors and no request but the page itself', () => {
    expect(consoleErrors).toEqual([]);
    expect(requests).toEqual([pageUrl]);
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
    expect(dialogs).toEqual([]);
    const dom = await page.evaluate(() => ({
      images: document.images.length,
      scripts: [...document.scripts].map((s) => s.type),
      handlers: document.querySelectorAll('[onerror], [onload]').length,
      text: document.body.innerText,
    }));
    expect(dom.images).toBe(0);
    expect(dom.scripts).toEqual(['application/json']);
    expect(dom.handlers).toBe(0);
    expect(dom.text).toContain(HOSTILE_NAME);
    expect(dom.text).toContain('<script>alert(1)</script><img src=x onerror=alert(2)>');
    expect(dom.text).not.toContain(ESC);
    expect(dom.text).not.toContain('\u0007');
  });

  it('fits the window without sideways scrolling, also on a narrow screen', async () => {
    try {
      for (const width of [1200, 420]) {
        await page.setViewportSize({ width, height: 900 });
        const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
        expect(overflow, `at ${width} px`).toBeLessThanOrEqual(1);
      }
    } finally {
      await page.setViewportSize({ width: 1200, height: 900 });
    }
  });

  it('renders to a non-trivial PNG screenshot', async () => {
    const shot = join(dir, 'report.png');
    await page.screenshot({ path: shot, fullPage: true });
    const png = readFileSync(shot);
    expect(png.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
    expect(statSync(shot).size).toBeGreaterThan(30_000);
    expect(png.readUInt32BE(16)).toBe(1200);
    expect(png.readUInt32BE(20)).toBeGreaterThan(1200);
  });
});
