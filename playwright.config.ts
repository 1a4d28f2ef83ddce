import { defineConfig } from '@playwright/test';
import { INSTALL_HINT, findChromium } from './scripts/chromium.mjs';

// Browser mode runs in Debian's Chromium (never a downloaded browser); the Electron project
// runs the same flows in the desktop shell and skips itself where no Electron binary exists.
// No Chromium: one line naming the install command, not every e2e test failing on launch.
const chromiumPath = findChromium();
if (!chromiumPath) {
  console.error(INSTALL_HINT);
  process.exit(1);
}

export default defineConfig({
  testDir: './e2e',
  outputDir: './test-results',
  timeout: 240_000,
  expect: { timeout: 20_000 },
  fullyParallel: false,
  workers: 1,
  retries: 0,
  globalSetup: './e2e/global-setup.ts',
  globalTeardown: './e2e/global-teardown.ts',
  reporter: [['list'], ['html', { open: 'never', outputFolder: 'playwright-report' }]],
  use: {
    viewport: { width: 1440, height: 900 },
    screenshot: 'only-on-failure',
    trace: 'retain-on-failure',
  },
  projects: [
    {
      name: 'chromium',
      testMatch: /browser\/.*\.spec\.ts$/,
      use: {
        browserName: 'chromium',
        launchOptions: {
          executablePath: chromiumPath,
          args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
        },
      },
    },
    { name: 'electron', testMatch: /electron\/.*\.spec\.ts$/ },
  ],
});
