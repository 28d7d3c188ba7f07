// Shared by render.mjs and screenshot.mjs: start Debian's Chromium headless with
// no network at all, and give pages that can only see what we put in them.
//
// Never lets puppeteer fetch a browser: puppeteer-core has no download step and
// the executable is fixed (override with $CHROMIUM for a local run elsewhere).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import puppeteer from 'puppeteer-core';

export const HERE = path.dirname(fileURLToPath(import.meta.url));
export const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';
export const MERMAID_JS = path.join(HERE, 'node_modules', 'mermaid', 'dist', 'mermaid.min.js');

// Known to work here as root. Without the background-networking ones Chromium
// keeps dialling out, and the closed network refuses every connection.
const ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-dev-shm-usage',
  '--font-render-hinting=none',
];

/** Launch Chromium once; returns {browser, close}. close() also removes the profile. */
export async function launch() {
  if (!fs.existsSync(CHROMIUM)) {
    throw new Error(`no Chromium at ${CHROMIUM}; run tests/browser/setup.sh`);
  }
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'vzcli-chromium-'));
  let browser;
  try {
    browser = await puppeteer.launch({
      executablePath: CHROMIUM,
      headless: true,
      pipe: true, // DevTools over a pipe: no debugging port is opened
      userDataDir: profile,
      args: ARGS,
      timeout: 60_000,
      protocolTimeout: 120_000,
    });
  } catch (err) {
    fs.rmSync(profile, { recursive: true, force: true });
    throw err;
  }
  const close = async () => {
    try {
      await browser.close();
    } finally {
      fs.rmSync(profile, { recursive: true, force: true });
    }
  };
  return { browser, close };
}

/**
 * A blank page with the mermaid bundle loaded from node_modules. Every request
 * the page would make to anywhere but data:/about: is refused, so a diagram can
 * never depend on the network (and a test would notice if one tried).
 */
export async function mermaidPage(browser, { width = 1280, height = 900, html } = {}) {
  const page = await browser.newPage();
  await page.setViewport({ width, height, deviceScaleFactor: 1 });
  await page.setRequestInterception(true);
  const refused = [];
  page.on('request', (req) => {
    const url = req.url();
    if (url.startsWith('data:') || url.startsWith('about:')) {
      req.continue();
    } else {
      refused.push(url);
      req.abort('blockedbyclient');
    }
  });
  await page.setContent(
    html || '<!doctype html><html><head><meta charset="utf-8"></head><body></body></html>',
    { waitUntil: 'load' },
  );
  await page.addScriptTag({ path: MERMAID_JS });
  const ok = await page.evaluate(() => typeof globalThis.mermaid?.render === 'function');
  if (!ok) throw new Error(`mermaid did not load from ${MERMAID_JS}`);
  return { page, refused };
}

/** Read all of stdin as text. */
export async function readStdin() {
  const chunks = [];
  for await (const chunk of process.stdin) chunks.push(chunk);
  return Buffer.concat(chunks).toString('utf8');
}

/** Reject after ms with a message, unless the promise settles first. */
export function withTimeout(promise, ms, what) {
  let timer;
  const timeout = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} timed out after ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
