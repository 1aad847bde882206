import path from "node:path";
import type { NextConfig } from "next";

const nextConfig: NextConfig = {
  output: "standalone",
  outputFileTracingRoot: path.join(import.meta.dirname, "../.."),
  transpilePackages: ["@scs/contracts", "@scs/messaging", "@scs/ui", "@scs/web"],
  serverExternalPackages: ["better-sqlite3", "amqplib"],
  poweredByHeader: false,
};

export default nextConfig;
