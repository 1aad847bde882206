/** Passes the page's path to server components (the suite header's "come back here" links). */
import { type NextRequest, NextResponse } from "next/server";

export const CURRENT_PATH_HEADER = "x-catalog-path";

export function proxy(request: NextRequest) {
  const headers = new Headers(request.headers);
  headers.set(CURRENT_PATH_HEADER, request.nextUrl.pathname + request.nextUrl.search);
  return NextResponse.next({ request: { headers } });
}

export const config = {
  matcher: ["/((?!api/|_next/|images/|favicon.ico).*)"],
};
