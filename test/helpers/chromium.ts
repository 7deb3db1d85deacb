import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import puppeteer, { type Browser } from 'puppeteer-core';

/** Debian's chromium (`apt-get install chromium`), or CHROME_PATH; undefined when neither exists. */
export function chromiumPath(): string | undefined {
  return [process.env.CHROME_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser'].find((path): path is string => !!path && existsSync(path));
}

/**
 * Runs `fn` with a headless Chromium that may not reach anything: no GPU, no QUIC, no background
 * networking, component updates or sync, a fresh profile (removed afterwards).
 */
export async function withChromium<T>(fn: (browser: Browser) => Promise<T>): Promise<T> {
  const executablePath = chromiumPath();
  if (!executablePath) throw new Error('no chromium: apt-get install -y chromium (or set CHROME_PATH)');
  const profile = await mkdtemp(join(tmpdir(), 'ocpp-sim-chromium-'));
  const browser = await puppeteer.launch({
    executablePath, headless: true, userDataDir: profile, timeout: 60_000,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  try {
    return await fn(browser);
  } finally {
    await browser.close();
    await rm(profile, { recursive: true, force: true });
  }
}
