/**
 * A redirect to a path of this site with a relative Location, so it keeps whatever host the
 * browser used (behind a proxy, request.url may name another host than the one holding the cookies).
 */
export function redirectTo(path: string, status: 303 | 307 = 307): Response {
  return new Response(null, { status, headers: { Location: path } });
}

/** Only a path of this site: never another origin ("//evil.example", "/\\evil.example"). */
export function localPath(path: string | null | undefined, fallback = "/"): string {
  return path && path.startsWith("/") && !path.startsWith("//") && !path.startsWith("/\\") ? path : fallback;
}

/** An absolute URL on the host the browser used (the Host header), for where only absolute URLs are allowed. */
export function sameHostUrl(request: Request, path: string): URL {
  const url = new URL(request.url);
  const host = request.headers.get("x-forwarded-host") ?? request.headers.get("host");
  const proto = request.headers.get("x-forwarded-proto");
  if (host) url.host = host;
  if (proto === "http" || proto === "https") url.protocol = `${proto}:`;
  return new URL(path, url);
}
