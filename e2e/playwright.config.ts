/**
 * End-to-end journeys across the three systems, in Debian's Chromium against production builds.
 * The global setup starts its own suite on free ports (never the default ones), so the tests can
 * run while an `npm start` suite is up.
 */
import { defineConfig } from "@playwright/test";

export default defineConfig({
  testDir: "./journeys",
  globalSetup: "./global-setup.mjs",
  fullyParallel: false,
  workers: 1,
  retries: 0,
  timeout: 60_000,
  // A retried block waits at most half a second between tries (Playwright's own steps reach a
  // second): the journeys wait on replication and sagas that settle in moments.
  expect: { timeout: 10_000, toPass: { intervals: [100, 250, 500] } },
  forbidOnly: !!process.env.CI,
  reporter: [["list"], ["html", { open: "never", outputFolder: "../.test-data/playwright-report" }]],
  outputDir: "../.test-data/playwright-results",
  use: {
    browserName: "chromium",
    headless: true,
    screenshot: "only-on-failure",
    trace: "retain-on-failure",
    launchOptions: {
      executablePath: process.env.PLAYWRIGHT_CHROMIUM_EXECUTABLE ?? "/usr/bin/chromium",
      args: [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--disable-quic",
        "--no-first-run",
      ],
    },
  },
});
