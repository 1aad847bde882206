import { SuiteHeader, viaFrontDoor } from "@scs/ui/suite-header";
import type { Metadata } from "next";
import { headers } from "next/headers";
import { getSession, isAdmin } from "@/auth/session";
import { SiteFooter } from "@/components/site-footer";
import { SiteHeader } from "@/components/site-header";
import { env } from "@/env";
import { currentUrl } from "@/lib/current-url";
import "./globals.css";

export const metadata: Metadata = {
  title: { default: "The Catalog — goods for home, desk & trail", template: "%s · The Catalog" },
  description:
    "Stoneware, books, outdoor kit, quiet electronics, wooden toys and good paper: a small range, kept in stock.",
};

export default async function RootLayout({ children }: { children: React.ReactNode }) {
  const session = await getSession();
  const admin = isAdmin(session);
  const [url, requestHeaders] = await Promise.all([currentUrl(), headers()]);
  const search = new URL(url).pathname === "/products" ? (new URL(url).searchParams.get("q") ?? "") : "";
  return (
    <html lang="en">
      <body className="flex min-h-screen flex-col">
        <a
          href="#main"
          className="sr-only focus:not-sr-only focus:absolute focus:top-2 focus:left-2 focus:z-50 focus:rounded-md focus:bg-white focus:px-3 focus:py-2"
        >
          Skip to content
        </a>
        <SuiteHeader
          current="catalog"
          urls={{ catalog: env.CATALOG_URL, music: env.MUSIC_URL, store: env.STORE_URL }}
          user={session && { name: session.name, isAdmin: admin }}
          returnTo={url}
          frontDoor={viaFrontDoor(requestHeaders)}
        />
        <SiteHeader isAdmin={admin} search={search} />
        <main id="main" className="flex-1">
          {children}
        </main>
        <SiteFooter storeUrl={env.STORE_URL} musicUrl={env.MUSIC_URL} />
      </body>
    </html>
  );
}
