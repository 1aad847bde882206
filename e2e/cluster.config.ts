/**
 * The cluster journey (cluster/cluster.spec.ts): the built suite on a private 3-node RabbitMQ
 * cluster of its own, no browser. Apart from the journeys because it needs none of their suite
 * (no global setup) and mostly waits (nodes killed and stopped), so `npm test` runs it beside the
 * benchmark smoke instead of after it.
 */
import { defineConfig } from "@playwright/test";

export default defineConfig({
  testDir: "./cluster",
  fullyParallel: false,
  workers: 1,
  retries: 0,
  timeout: 300_000,
  forbidOnly: !!process.env.CI,
  reporter: [["list"]],
  outputDir: "../.test-data/playwright-cluster-results",
});
