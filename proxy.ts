import { NextResponse, type NextRequest } from "next/server";
import { sameHostUrl } from "@/lib/redirect";
import { newNonce, pageContentSecurityPolicy, servedOverHttps, strictTransportSecurity } from "@/lib/security-headers";

/**
 * Page URLs lose a trailing slash (Next's own redirect is off for the sandbox's sake, see next.config.ts).
 * `?debug=1` (or `?debug=0`) on any page switches developer mode for the signed-in user: the
 * request goes through /api/developer-mode, which stores it and comes back without the parameter.
 * Every page gets its Content-Security-Policy here, with a nonce of its own: Next reads it from the
 * request's header and puts it on the scripts it renders (the other security headers: next.config.ts).
 */
export function proxy(request: NextRequest) {
  const { pathname } = request.nextUrl;
  if (pathname.length > 1 && pathname.endsWith("/")) {
    const bare = new URL(request.nextUrl);
    bare.pathname = pathname.replace(/\/+$/, "") || "/";
    return NextResponse.redirect(sameHostUrl(request, `${bare.pathname}${bare.search}`), 308);
  }
  const debug = request.nextUrl.searchParams.get("debug");
  if (debug === "0" || debug === "1") {
    const back = new URL(request.nextUrl);
    back.searchParams.delete("debug");
    const query = new URLSearchParams({ enabled: debug, next: `${back.pathname}${back.search}` });
    return NextResponse.redirect(sameHostUrl(request, `/api/developer-mode?${query}`));
  }
  return withPagePolicy(request);
}

function withPagePolicy(request: NextRequest): NextResponse {
  const https = servedOverHttps(request.url, request.headers.get("x-forwarded-proto"), process.env.APP_URL);
  const csp = pageContentSecurityPolicy({ nonce: newNonce(), https, dev: process.env.NODE_ENV === "development" });
  const headers = new Headers(request.headers);
  headers.set("content-security-policy", csp);
  const response = NextResponse.next({ request: { headers } });
  response.headers.set("Content-Security-Policy", csp);
  if (https) response.headers.set(strictTransportSecurity.key, strictTransportSecurity.value);
  return response;
}

export const config = {
  matcher: ["/((?!api/|_next/|sandbox/|favicon.ico).*)"],
};
