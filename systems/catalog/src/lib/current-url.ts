import { headers } from "next/headers";
import { env } from "@/env";

/** The absolute URL of the page being rendered (set by src/proxy.ts). */
export async function currentUrl(): Promise<string> {
  const path = (await headers()).get("x-catalog-path") ?? "/";
  return `${env.CATALOG_URL}${path.startsWith("/") ? path : "/"}`;
}
