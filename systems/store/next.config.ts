import path from "node:path";
import type { NextConfig } from "next";

const nextConfig: NextConfig = {
  // Only the Docker images run Next's standalone server (their Dockerfiles set SCS_STANDALONE=1);
  // `next start` (npm start, the tests, the benchmarks) needs none of the copy it makes.
  output: process.env.SCS_STANDALONE === "1" ? "standalone" : undefined,
  outputFileTracingRoot: path.join(import.meta.dirname, "../.."),
  transpilePackages: ["@scs/contracts", "@scs/messaging", "@scs/ui", "@scs/web"],
  // amqplib's OpenTelemetry instrumentation patches amqplib as Node loads it: both stay external.
  serverExternalPackages: ["better-sqlite3", "amqplib", "@opentelemetry/instrumentation-amqplib"],
  poweredByHeader: false,
  // Types are checked once, by `npm run typecheck` (a stage of `npm test`); checking them again in
  // every build tripled its time on this 2-core machine.
  typescript: { ignoreBuildErrors: true },
  experimental: {
    // CI builds a fresh clone once, and npm start's first build of a clone has nothing to read:
    // the build cache would only be written (about 40 s under load), not read (SCS_BUILD_CACHE=0).
    turbopackFileSystemCacheForBuild: !process.env.CI && process.env.SCS_BUILD_CACHE !== "0",
    // forbidden() answers a real 403 for back-office pages (/ops) visited by customers.
    authInterrupts: true,
  },
};

export default nextConfig;
