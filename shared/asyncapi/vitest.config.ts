import { defineConfig } from "vitest/config";

// The AsyncAPI parser takes seconds on a busy machine.
export default defineConfig({ test: { testTimeout: 60_000, hookTimeout: 60_000 } });
