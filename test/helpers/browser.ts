/**
 * An HTML report opened in a real headless Chromium (playwright-core driving the system's chromium): written to a
 * file, loaded from `file://` in a fresh profile, with every console error, request and dialog recorded, plus the
 * checks every report page must pass (inert hostile text, no sideways scrolling, a real screenshot).
 */
import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { BrowserContext, Page } from 'playwright-core';
import { expect } from 'vitest';

/** The page's DOM as far as the tests read it (the test project has no "dom" lib; this runs in the browser). */
export interface PageNode {
  readonly textContent: string | null;
  readonly innerText: string;
  readonly type: string;
  querySelectorAll(selector: string): ArrayLike<PageNode> & Iterable<PageNode>;
}
export interface PageDocument {
  readonly images: ArrayLike<unknown>;
  readonly scripts: Iterable<PageNode>;
  readonly body: PageNode;
  readonly documentElement: { scrollWidth: number; clientWidth: number };
  querySelectorAll(selector: string): ArrayLike<PageNode> & Iterable<PageNode>;
  getElementById(id: string): PageNode | null;
}
declare const document: PageDocument;

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
const VIEWPORT = { width: 1200, height: 900 };

/** Whether chromium is installed; warns (naming the test) when it is not. */
export function chromiumAvailable(what: string): boolean {
  const available = existsSync(CHROMIUM);
  if (!available) console.warn(`skipping ${what}: ${CHROMIUM} is not installed (scripts/install-test-deps.sh installs the chromium package)`);
  return available;
}

export const ESC = '\u001b';
/** A request line that would run script, inject an element and drive a terminal if shown unescaped. */
export const HOSTILE_REQUEST = `/</script><script>alert(1)</script><img src=x onerror=alert(2)>${ESC}]0;pwned\u0007${ESC}[31mRED`;
export const HOSTILE_NAME = 'evil<img src=x onerror=alert(3)>.log';

export interface OpenedReport {
  context: BrowserContext;
  page: Page;
  pageUrl: string;
  consoleErrors: string[];
  requests: string[];
  dialogs: string[];
}

/** Writes `html` to `dir/report.html` and opens it at 1200×900 in a fresh profile under `dir`. */
export async function openReport(dir: string, html: string): Promise<OpenedReport> {
  const report = join(dir, 'report.html');
  writeFileSync(report, html);
  const pageUrl = pathToFileURL(report).href;
  const { chromium } = await import('playwright-core');
  // A fresh profile directory per run: nothing cached or remembered between runs.
  const context = await chromium.launchPersistentContext(join(dir, 'profile'), { executablePath: CHROMIUM, args: ARGS, headless: true });
  const page = await context.newPage();
  const opened: OpenedReport = { context, page, pageUrl, consoleErrors: [], requests: [], dialogs: [] };
  page.on('console', (m) => {
    if (m.type() === 'error') opened.consoleErrors.push(m.text());
  });
  page.on('pageerror', (e) => opened.consoleErrors.push(e.message));
  page.on('request', (r) => opened.requests.push(r.url()));
  page.on('dialog', (d) => {
    opened.dialogs.push(d.message());
    void d.dismiss();
  });
  await page.setViewportSize(VIEWPORT);
  await page.goto(pageUrl, { waitUntil: 'load', timeout: 15_000 });
  return opened;
}

/**
 * Hostile text stayed text: no dialog opened, no image, handler or executable script injected, no terminal
 * escape left in the visible text. Returns the page's visible text for the caller's own checks.
 */
export async function expectInertPage(opened: OpenedReport): Promise<string> {
  expect(opened.dialogs).toEqual([]);
  const dom = await opened.page.evaluate(() => ({
    images: document.images.length,
    scripts: [...document.scripts].map((s) => s.type),
    handlers: document.querySelectorAll('[onerror], [onload]').length,
    text: document.body.innerText,
  }));
  expect(dom.images).toBe(0);
  expect(dom.scripts).toEqual(['application/json']);
  expect(dom.handlers).toBe(0);
  expect(dom.text).not.toContain(ESC);
  expect(dom.text).not.toContain('\u0007');
  return dom.text;
}

/** No sideways scrolling at desktop width nor on a narrow screen. */
export async function expectNoSidewaysScroll(page: Page): Promise<void> {
  try {
    for (const width of [VIEWPORT.width, 420]) {
      await page.setViewportSize({ width, height: VIEWPORT.height });
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
      expect(overflow, `at ${width} px`).toBeLessThanOrEqual(1);
    }
  } finally {
    await page.setViewportSize(VIEWPORT);
  }
}

/** A full-page PNG screenshot at `path`: a real PNG of some size, as wide as the window and taller than `minHeight`. */
export async function expectScreenshot(page: Page, path: string, minHeight: number): Promise<void> {
  await page.screenshot({ path, fullPage: true });
  const png = readFileSync(path);
  expect(png.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
  expect(statSync(path).size).toBeGreaterThan(30_000);
  // IHDR: width and height of the full page.
  expect(png.readUInt32BE(16)).toBe(VIEWPORT.width);
  expect(png.readUInt32BE(20)).toBeGreaterThan(minHeight);
}
