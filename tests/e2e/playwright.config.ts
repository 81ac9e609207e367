import { defineConfig } from '@playwright/test';

// The app is served by Worklane's own local server (the SPA fallback matters for deep links),
// in memory with a small demo data set, on a port of its own.
const port = Number(process.env.WORKLANE_E2E_PORT ?? 18765);
const root = '../..';

export default defineConfig({
  testDir: './specs',
  outputDir: `${root}/target/e2e/results`,
  fullyParallel: false,
  workers: 1,
  retries: 0,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  reporter: [['list']],
  use: {
    baseURL: `http://127.0.0.1:${port}`,
    screenshot: 'only-on-failure',
    trace: 'off',
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: [
        '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
        '--disable-background-networking', '--disable-component-update', '--disable-sync',
      ],
    },
  },
  projects: [
    { name: 'desktop', use: { viewport: { width: 1280, height: 800 } } },
  ],
  webServer: {
    command: `${root}/target/debug/worklane --in-memory --demo-contacts 300 --no-first-import --addr 127.0.0.1:${port} --site ${root}/target/site`,
    url: `http://127.0.0.1:${port}/api/health`,
    timeout: 120_000,
    reuseExistingServer: false,
    stdout: 'pipe',
  },
});
