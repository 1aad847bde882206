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
    // A trace records a screencast and DOM snapshots of every test to keep only the failures'.
    // Chromium is most of the e2e stage's CPU (628 of ~1,150 core-seconds in a full run here),
    // and the recording a quarter of Chromium's: three journeys, ABBA, took 194 and 173 s of its
    // CPU with traces, 133 and 148 s without. CI keeps only its log, so it records none.
    trace: process.env.CI ? "off" : "retain-on-failure",
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
