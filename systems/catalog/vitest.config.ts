import { defineConfig } from "vitest/config";

export default defineConfig({
  resolve: { tsconfigPaths: true },
  test: {
    include: ["src/**/*.test.ts"],
    environment: "node",
    // Background runners (paged resync) are awaited by polling up to their deadline: past 5 s on a
    // busy machine.
    testTimeout: 30_000,
    env: {
      CATALOG_URL: "http://catalog.test",
      DATA_DIR: "/tmp/catalog-unit-tests",
      SESSION_PUBLIC_JWK: '{"kty":"EC","crv":"P-256","x":"unused","y":"unused"}',
    },
  },
});
