import path from "node:path";
import { defineConfig } from "vitest/config";

export default defineConfig({
  resolve: { alias: { "@": path.join(import.meta.dirname, "src") } },
  test: {
    environment: "node",
    // Each file in a fresh module graph (vitest's default, unlike the other packages' --no-isolate):
    // these tests mock modules (vi.mock), and a mock must not reach the next file's imports.
    isolate: true,
    include: ["src/**/*.test.ts"],
    // A password hash (scrypt N=2^17) takes ~0.3 s of a core alone, and seconds on a busy machine;
    // tests that create accounts hash several times.
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
