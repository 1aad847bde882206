"use client";
/**
 * Cart count fetched by the browser from store (CORS for suite origins), never by the server:
 * a page must render even while store is down.
 */
import { useEffect, useState } from "react";

export function CartCount({ storeUrl }: { storeUrl: string }) {
  const [count, setCount] = useState<number | null>(null);
  useEffect(() => {
    const controller = new AbortController();
    fetch(`${storeUrl}/api/cart/summary`, { credentials: "include", signal: controller.signal })
      .then((r) => (r.ok ? (r.json() as Promise<{ count?: unknown }>) : null))
      .then((body) => {
        if (body && typeof body.count === "number") setCount(body.count);
      })
      .catch(() => {});
    return () => controller.abort();
  }, [storeUrl]);
  if (count === null) return null;
  return (
    <span
      data-testid="cart-count"
      className="ml-1 rounded-full bg-white px-1.5 text-xs font-semibold text-ink-900"
    >
      {count}
    </span>
  );
}
