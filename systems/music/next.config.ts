import path from "node:path";
import type { NextConfig } from "next";

const nextConfig: NextConfig = {
  output: "standalone",
  outputFileTracingRoot: path.join(import.meta.dirname, "../.."),
  transpilePackages: ["@scs/contracts", "@scs/messaging", "@scs/ui", "@scs/web"],
  // amqplib's OpenTelemetry instrumentation patches amqplib as Node loads it: both stay external.
  serverExternalPackages: ["better-sqlite3", "amqplib", "@opentelemetry/instrumentation-amqplib"],
  poweredByHeader: false,
  // Types are checked once, by `npm run typecheck` (a stage of `npm test`); checking them again in
  // every build tripled its time on this 2-core machine.
  typescript: { ignoreBuildErrors: true },
  experimental: {
    // CI builds a fresh clone once: the build cache would only be written (about 40 s), never read.
    turbopackFileSystemCacheForBuild: !process.env.CI,
    // `forbidden()` answers a signed-in customer on /admin with a real 403 page.
    authInterrupts: true,
  },
};

export default nextConfig;
