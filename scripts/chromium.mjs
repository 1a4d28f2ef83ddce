// Finds a Chromium for the e2e suite and the PDF report: $CHROMIUM_PATH, Debian's or the
// distribution's package, then Playwright's own download where one was installed. Where there
// is none, the one line that says how to install it (instead of every e2e test failing).
import fs from 'node:fs';
import { createRequire } from 'node:module';

export const INSTALL_HINT = 'No Chromium for the e2e tests: install one with `sudo apt-get install -y chromium` (Debian/Ubuntu), or `npx playwright install chromium` where downloads work, or set CHROMIUM_PATH.';

const SYSTEM = ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome', '/usr/bin/google-chrome-stable', '/snap/bin/chromium'];

function playwrightOwn() {
  try {
    const require = createRequire(import.meta.url);
    const { chromium } = require('playwright-core');
    return chromium.executablePath();
  } catch {
    return null;
  }
}

/** The first Chromium that exists, or null. INVLAB_CHROMIUM_SEARCH=none searches nothing but CHROMIUM_PATH (tests). */
export function findChromium(env = process.env) {
  const candidates = [env.CHROMIUM_PATH, ...(env.INVLAB_CHROMIUM_SEARCH === 'none' ? [] : [...SYSTEM, playwrightOwn()])];
  return candidates.find((p) => p && fs.existsSync(p)) ?? null;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const found = findChromium();
  if (!found) {
    console.error(INSTALL_HINT);
    process.exit(1);
  }
  console.log(found);
}
