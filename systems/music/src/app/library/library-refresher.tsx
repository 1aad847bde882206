"use client";
/**
 * Albums arrive in the library a moment after store confirms an order: while the page is open it
 * asks music (not store) every few seconds how many albums the customer owns and re-renders the
 * page when that changes, so a fresh purchase shows up without a reload.
 */
import { useRouter } from "next/navigation";
import { useEffect } from "react";

export function LibraryRefresher({ count }: { count: number }) {
  const router = useRouter();
  useEffect(() => {
    let stopped = false;
    const check = async () => {
      if (document.visibilityState !== "visible") return;
      try {
        const response = await fetch("/api/library", { cache: "no-store" });
        if (!response.ok || stopped) return;
        const body = (await response.json()) as { items?: unknown[] };
        if (Array.isArray(body.items) && body.items.length !== count) router.refresh();
      } catch {
        // Offline for a moment: the next tick tries again.
      }
    };
    const timer = setInterval(check, 4_000);
    return () => {
      stopped = true;
      clearInterval(timer);
    };
  }, [count, router]);
  return null;
}
