import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["check/**/*.test.ts"],
    environment: "node",
    // Renders each overlay once (kubectl kustomize) for every test file.
    globalSetup: ["check/global-setup.ts"],
    // Light on a shared machine: one worker, the files one after another.
    fileParallelism: false,
    maxWorkers: 1,
    // Tests that start nginx, kubectl or promtool take seconds when the stage runs beside the
    // cluster journey and the fault tests (5 s, vitest's default, timed out there).
    testTimeout: 30_000,
  },
});
