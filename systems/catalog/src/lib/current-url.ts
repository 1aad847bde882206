import { pagePath } from "@scs/web/edge";
import { headers } from "next/headers";
import { env } from "@/env";

/** The absolute URL of the page being rendered (its path set by src/proxy.ts). */
export async function currentUrl(): Promise<string> {
  return `${env.CATALOG_URL}${pagePath(await headers())}`;
}
