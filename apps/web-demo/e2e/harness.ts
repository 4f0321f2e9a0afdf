/**
 * Shared set-up of the browser tests: serve apps/web-demo/dist statically and drive Debian's /usr/bin/chromium
 * headless through playwright-core (launch options from docs/toolchain.md, pitfall 13).
 */
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import type { Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type BrowserContext, chromium, type Page } from 'playwright-core';
import { serveStatic } from './server.js';

export const CHROMIUM = '/usr/bin/chromium';
const appDir = fileURLToPath(new URL('..', import.meta.url));
export const dist = join(appDir, 'dist');
export const shots = join(appDir, 'test-results');
export const haveChromium = existsSync(CHROMIUM);
if (!haveChromium && process.env.CI)
  throw new Error(`e2e: ${CHROMIUM} is missing; in CI it must be installed (apt-get install chromium).`);
if (!haveChromium)
  console.warn(`e2e: SKIPPED — ${CHROMIUM} not found (install Debian's chromium to run it).`);

export interface Browser {
  url: string;
  ctx: BrowserContext;
  page: Page;
  /** Page errors and console errors seen so far. */
  errors: string[];
  close(): Promise<void>;
}

export async function openSite(): Promise<Browser> {
  if (!existsSync(join(dist, 'index.html')))
    throw new Error(
      `e2e: ${dist}/index.html is missing; build first: npx pnpm@10.34.9 --filter @landscape-lab/web-demo build`,
    );
  mkdirSync(shots, { recursive: true });
  const s = await serveStatic(dist);
  const server: Server = s.server;
  const profile = mkdtempSync(join(tmpdir(), 'web-demo-e2e-'));
  const ctx = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    acceptDownloads: true,
    viewport: { width: 1440, height: 900 },
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      '--disable-quic',
    ],
  });
  const page = ctx.pages()[0] ?? (await ctx.newPage());
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(m.text());
  });
  return {
    url: s.url,
    ctx,
    page,
    errors,
    async close() {
      await ctx.close();
      await new Promise((ok) => server.close(ok));
      rmSync(profile, { recursive: true, force: true });
    },
  };
}
