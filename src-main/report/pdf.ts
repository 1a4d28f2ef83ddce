// PDF of the HTML report through headless Chromium (Debian's /usr/bin/chromium driven by
// playwright-core). Each <section class="page"> is one page: a section taller than the page
// is zoomed down to fit instead of spilling onto a second page, except figures drawn for
// print (pages.ts: already page-sized, never shrunk) and `.flow` sections (tables), which
// continue on the next page.
import fs from 'node:fs';
import { ReportError } from './errors';
import { PRINT_PAGE } from './pages';

export const CHROMIUM_PATH = process.env.INVLAB_CHROMIUM ?? '/usr/bin/chromium';

/** A4 landscape with 10 mm margins, in CSS pixels (96 per inch). */
const PAGE = PRINT_PAGE;

/** Zooms each fixed section down to one page (run in the page; exported for the e2e check). */
export function fitSections(limit: number): void {
  for (const el of Array.from(document.querySelectorAll<HTMLElement>('section.page:not(.flow):not(.print)'))) {
    // Zooming narrows the section's CSS width, so full-width figures grow taller again:
    // shrink step by step until it fits (0.97: headroom between screen and print layout).
    let zoom = 1;
    for (let i = 0; i < 12; i++) {
      const h = el.getBoundingClientRect().height;
      if (h <= limit * 0.97) break;
      zoom *= (limit * 0.97) / h;
      el.style.setProperty('zoom', String(zoom));
    }
  }
}

export type PdfPrinter = (html: string, outFile: string) => Promise<void>;

export function chromiumAvailable(): boolean {
  return fs.existsSync(CHROMIUM_PATH);
}

export const chromiumPdf: PdfPrinter = async (html, outFile) => {
  if (!chromiumAvailable()) {
    throw new ReportError(`cannot write the PDF: Chromium not found at ${CHROMIUM_PATH} (install it with \`apt-get install -y chromium\`, or set INVLAB_CHROMIUM)`);
  }
  const { chromium } = await import('playwright-core');
  const browser = await chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
  try {
    const page = await browser.newPage({ viewport: PAGE });
    await page.emulateMedia({ media: 'print' });
    await page.setContent(html, { waitUntil: 'load' });
    await page.evaluate(fitSections, PAGE.height);
    await page.pdf({ path: outFile, preferCSSPageSize: true, printBackground: true });
  } finally {
    await browser.close();
  }
};
