"use client";
/**
 * The shared suite header, with a sign-in/out `returnTo` that follows client-side navigation (the
 * root layout, and with it the header, stays mounted while the player keeps playing).
 */
import { SuiteHeader, type SuiteHeaderProps } from "@scs/ui/suite-header";
import { usePathname } from "next/navigation";

export function SuiteBar({
  musicUrl,
  initialPath,
  ...props
}: Omit<SuiteHeaderProps, "returnTo" | "current"> & { musicUrl: string; initialPath: string }) {
  const pathname = usePathname();
  // The server knows the query of the first page; later pages are known by their path.
  const path = initialPath.split("?")[0] === pathname ? initialPath : pathname;
  return <SuiteHeader current="music" {...props} returnTo={`${musicUrl}${path}`} />;
}
