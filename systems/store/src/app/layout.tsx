import "./globals.css";
import { SuiteHeader, viaFrontDoor } from "@scs/ui/suite-header";
import { pagePath } from "@scs/web/edge";
import { isAdmin } from "@scs/web/session";
import type { Metadata, Viewport } from "next";
import { headers } from "next/headers";
import type { ReactNode } from "react";
import { pageShopper } from "@/auth/cart-cookie";
import { getSession } from "@/auth/session";
import { StoreFooter } from "@/components/store-footer";
import { StoreHeader } from "@/components/store-header";
import { getDb } from "@/db/client";
import { cartCount } from "@/domain/cart";
import { env } from "@/env";

export const metadata: Metadata = {
  title: { default: "Suite Store — books, gear and music in one basket", template: "%s · Suite Store" },
  description: "Shop the Suite's Catalog and Music in one place, with one account and one checkout.",
};

export const viewport: Viewport = { themeColor: "#1c46c4" };

/** Pages whose own `returnTo` decides where the visitor goes next: the header must not nest them. */
const ACCOUNT_PAGES = /^\/(signin|signup|signout)(\/|\?|$)/;

export default async function RootLayout({ children }: { children: ReactNode }) {
  const [session, requestHeaders] = await Promise.all([getSession(), headers()]);
  const path = pagePath(requestHeaders);
  const returnTo = `${env.STORE_URL}${ACCOUNT_PAGES.test(path) ? "/" : path}`;
  const itemsInCart = cartCount(getDb(), await pageShopper());
  return (
    <html lang="en">
      <body className="flex min-h-dvh flex-col">
        <a
          href="#main"
          className="sr-only z-50 rounded-md bg-white px-4 py-2 text-accent-700 focus:not-sr-only focus:absolute focus:left-4 focus:top-2"
        >
          Skip to content
        </a>
        <SuiteHeader
          current="store"
          urls={{ catalog: env.CATALOG_URL, music: env.MUSIC_URL, store: env.STORE_URL }}
          user={session && { name: session.name, isAdmin: isAdmin(session) }}
          returnTo={returnTo}
          frontDoor={viaFrontDoor(requestHeaders)}
        />
        <StoreHeader path={path} user={session} returnTo={returnTo} cartCount={itemsInCart} />
        <main id="main" className="flex-1">
          {children}
        </main>
        <StoreFooter />
      </body>
    </html>
  );
}
