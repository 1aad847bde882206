import { defineConfig } from "vitest/config";

export default defineConfig({
  resolve: { tsconfigPaths: true },
  test: {
    include: ["src/**/*.test.ts"],
    environment: "node",
    // Each file in a fresh module graph (vitest's default, unlike the other packages' --no-isolate):
    // these tests mock modules (vi.mock), and a mock must not reach the next file's imports.
    isolate: true,
    // Background runners (paged resync) are awaited by polling up to their deadline: past 5 s on a
    // busy machine.
    testTimeout: 30_000,
    env: {
      MUSIC_URL: "http://music.test",
      DATA_DIR: "/tmp/music-unit-tests",
      SESSION_PUBLIC_JWK: '{"kty":"EC","crv":"P-256","x":"unused","y":"unused"}',
    },
  },
});
