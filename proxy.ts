import { NextResponse, type NextRequest } from "next/server";
import { sameHostUrl } from "@/lib/redirect";

/**
 * Page URLs lose a trailing slash (Next's own redirect is off for the sandbox's sake, see next.config.ts).
 * `?debug=1` (or `?debug=0`) on any page switches developer mode for the signed-in user: the
 * request goes through /api/developer-mode, which stores it and comes back without the parameter.
 */
export function proxy(request: NextRequest) {
  const { pathname } = request.nextUrl;
  if (pathname.length > 1 && pathname.endsWith("/")) {
    const bare = new URL(request.nextUrl);
    bare.pathname = pathname.replace(/\/+$/, "") || "/";
    return NextResponse.redirect(sameHostUrl(request, `${bare.pathname}${bare.search}`), 308);
  }
  const debug = request.nextUrl.searchParams.get("debug");
  if (debug !== "0" && debug !== "1") return NextResponse.next();
  const back = new URL(request.nextUrl);
  back.searchParams.delete("debug");
  const query = new URLSearchParams({ enabled: debug, next: `${back.pathname}${back.search}` });
  return NextResponse.redirect(sameHostUrl(request, `/api/developer-mode?${query}`));
}

export const config = {
  matcher: ["/((?!api/|_next/|sandbox/|favicon.ico).*)"],
};
