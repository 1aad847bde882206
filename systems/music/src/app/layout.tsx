import "./globals.css";
import { viaFrontDoor } from "@scs/ui/suite-header";
import { pagePath } from "@scs/web/edge";
import type { Metadata, Viewport } from "next";
import { headers } from "next/headers";
import type { ReactNode } from "react";
import { getSession, isAdmin } from "@/auth/session";
import { MusicFooter } from "@/components/music-footer";
import { MusicHeader } from "@/components/music-header";
import { PlayerProvider } from "@/components/player/player";
import { SuiteBar } from "@/components/suite-bar";
import { env } from "@/env";

export const metadata: Metadata = {
  title: { default: "Waveline — independent music by Suite Shop", template: "%s · Waveline" },
  description: "Discover independent artists and buy whole albums, with the cover art and full tracklists.",
};

export const viewport: Viewport = { themeColor: "#07060b", colorScheme: "dark" };

export default async function RootLayout({ children }: { children: ReactNode }) {
  const [session, requestHeaders] = await Promise.all([getSession(), headers()]);
  const path = pagePath(requestHeaders);
  const admin = isAdmin(session);
  return (
    <html lang="en">
      <body className="flex min-h-dvh flex-col">
        <a
          href="#main"
          className="sr-only z-50 rounded-full bg-white px-4 py-2 font-medium text-night-950 focus:not-sr-only focus:absolute focus:top-2 focus:left-4"
        >
          Skip to content
        </a>
        <div className="suite-bar">
          <SuiteBar
            urls={{ catalog: env.CATALOG_URL, music: env.MUSIC_URL, store: env.STORE_URL }}
            user={session && { name: session.name, isAdmin: admin }}
            musicUrl={env.MUSIC_URL}
            initialPath={path}
            frontDoor={viaFrontDoor(requestHeaders)}
          />
        </div>
        <PlayerProvider>
          <MusicHeader initialPath={path} isAdmin={admin} />
          <main id="main" className="flex-1">
            {children}
          </main>
          <MusicFooter storeUrl={env.STORE_URL} />
        </PlayerProvider>
      </body>
    </html>
  );
}
