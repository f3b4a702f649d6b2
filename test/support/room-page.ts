import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { projectRoot } from '../../src/paths.js';

export interface PageRow {
  student: string;
  done: string[];
  current: string | null;
}

/**
 * `lab class serve` started for real (a free port on 127.0.0.1), and Debian's Chromium, headless,
 * on its page: the rows as drawn, a cell's tooltip, a screenshot, and waiting for a redraw.
 */
export async function openRoomPage(cls: string) {
  const server = spawn(process.execPath, [join(projectRoot, 'bin/lab.js'), 'class', 'serve', '--class', cls, '--port', '0', '--interval', '1'], { stdio: ['ignore', 'pipe', 'inherit'] });
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    server.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /(http:\/\/127\.0\.0\.1:\d+\/)/.exec(out);
      if (m) resolve(m[1]!);
    });
    server.once('exit', (code) => reject(new Error(`lab class serve exited ${code}: ${out}`)));
  });
  const browser: Browser = await chromium.launch({
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  const page: Page = await browser.newPage({ viewport: { width: 1100, height: 600 } });
  await page.goto(url);
  await page.waitForSelector('tr[data-student]');
  const rows = () =>
    page.$$eval('tr[data-student]', (trs) =>
      trs.map((tr) => ({
        student: tr.getAttribute('data-student')!,
        done: [...tr.querySelectorAll('td.done')].map((td) => td.getAttribute('data-stage')!),
        current: tr.querySelector('td.current')?.getAttribute('data-stage') ?? null,
      })),
    );
  return {
    browser,
    rows,
    tooltip: (student: string, stage: string) => page.getAttribute(`tr[data-student="${student}"] td[data-stage="${stage}"]`, 'title'),
    screenshot: (path: string) => page.screenshot({ path }),
    async waitFor(predicate: (rows: PageRow[]) => boolean, timeoutMs: number): Promise<void> {
      const deadline = Date.now() + timeoutMs;
      while (!predicate(await rows())) {
        if (Date.now() > deadline) throw new Error(`the page did not update within ${timeoutMs} ms: ${JSON.stringify(await rows())}`);
        await new Promise((r) => setTimeout(r, 250));
      }
    },
    stop: () => server.kill(),
  };
}
