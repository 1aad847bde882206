"use client";
/** "updated 12 s ago": how fresh store's copy of an offer is, ticking while the page is open. */
import { useEffect, useState } from "react";

export function describeAge(seconds: number): string {
  if (seconds < 5) return "just now";
  if (seconds < 60) return `${Math.floor(seconds)} s ago`;
  if (seconds < 3600) return `${Math.floor(seconds / 60)} min ago`;
  if (seconds < 86400) return `${Math.floor(seconds / 3600)} h ago`;
  return `${Math.floor(seconds / 86400)} d ago`;
}

export function UpdatedAgo({
  at,
  renderedAt,
  prefix = "updated",
}: {
  at: number;
  renderedAt: number;
  prefix?: string;
}) {
  const [now, setNow] = useState(renderedAt);
  useEffect(() => {
    setNow(Date.now());
    const timer = setInterval(() => setNow(Date.now()), 5000);
    return () => clearInterval(timer);
  }, []);
  return (
    <time dateTime={new Date(at).toISOString()} title={new Date(at).toUTCString()}>
      {prefix} {describeAge(Math.max(0, (now - at) / 1000))}
    </time>
  );
}
