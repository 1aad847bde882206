import path from "node:path";
import type { NextConfig } from "next";

const nextConfig: NextConfig = {
  output: "standalone",
  outputFileTracingRoot: path.join(import.meta.dirname, "../.."),
  transpilePackages: ["@scs/contracts", "@scs/messaging", "@scs/ui", "@scs/web"],
  // amqplib's OpenTelemetry instrumentation patches amqplib as Node loads it: both stay external.
  serverExternalPackages: ["better-sqlite3", "amqplib", "@opentelemetry/instrumentation-amqplib"],
  poweredByHeader: false,
  // `forbidden()` answers a signed-in customer on /admin with a real 403 page.
  experimental: { authInterrupts: true },
};

export default nextConfig;
