/**
 * The HTTP security headers (issue 9, "Security"). Pages get a Content-Security-Policy with a fresh
 * script nonce per request (proxy.ts); API routes and the sandbox, which serve JSON, redirects and
 * the sandbox's plain consent pages, a static policy without scripts (next.config.ts). Every
 * response gets the other headers below. Plain strings, no Next imports: next.config.ts reads them too.
 */

export type Header = { key: string; value: string };

/** Every response: no MIME sniffing, no framing, a referrer that never carries a path to another site, no powerful features. */
export const commonSecurityHeaders: Header[] = [
  { key: "X-Content-Type-Options", value: "nosniff" },
  { key: "X-Frame-Options", value: "DENY" },
  { key: "Referrer-Policy", value: "strict-origin-when-cross-origin" },
  { key: "Permissions-Policy", value: "camera=(), microphone=(), geolocation=(), payment=(), usb=()" },
];

/** Sent only over https: a year, as the usual preload-free recommendation. */
export const strictTransportSecurity: Header = { key: "Strict-Transport-Security", value: "max-age=31536000; includeSubDomains" };

function policy(directives: Record<string, string[]>): string {
  return Object.entries(directives)
    .map(([name, sources]) => [name, ...sources].join(" "))
    .join("; ");
}

/**
 * The app's pages. Scripts: only those carrying this request's nonce, and what they load
 * ('strict-dynamic': Next's chunks); never inline code nor event-handler attributes, so markup a
 * provider slipped into a name could not run even if it were rendered as HTML. Styles allow
 * 'unsafe-inline': React renders `style` attributes (recharts, progress bars), which a nonce cannot
 * cover; Tailwind itself is a stylesheet. Images: provider logos are data: URLs or https images on
 * each provider's hosts. Forms post only here: the consent pop-up reaches a provider by navigation,
 * which form-action does not govern.
 */
export function pageContentSecurityPolicy({ nonce, https, dev = false }: { nonce: string; https: boolean; dev?: boolean }): string {
  return (
    policy({
      "default-src": ["'self'"],
      // Development only: React rebuilds server error stacks with eval.
      "script-src": ["'self'", `'nonce-${nonce}'`, "'strict-dynamic'", ...(dev ? ["'unsafe-eval'"] : [])],
      "style-src": ["'self'", "'unsafe-inline'"],
      "img-src": ["'self'", "data:", "blob:", "https:"],
      "font-src": ["'self'"],
      "connect-src": ["'self'"],
      "object-src": ["'none'"],
      "base-uri": ["'self'"],
      "form-action": ["'self'"],
      "frame-ancestors": ["'none'"],
    }) + (https ? "; upgrade-insecure-requests" : "")
  );
}

/**
 * API routes and the sandbox: nothing there needs a script. The sandbox's consent pages have an
 * inline stylesheet, the bank's logo (a data: URL) and forms that post to themselves, then redirect
 * to this app's callback (same origin in sandbox mode).
 */
export const noScriptContentSecurityPolicy = policy({
  "default-src": ["'none'"],
  "style-src": ["'unsafe-inline'"],
  "img-src": ["'self'", "data:", "https:"],
  "object-src": ["'none'"],
  "base-uri": ["'none'"],
  "form-action": ["'self'"],
  "frame-ancestors": ["'none'"],
});

/** A nonce: 128 random bits, base64 (what CSP's 'nonce-…' accepts). */
export function newNonce(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return btoa(String.fromCharCode(...bytes));
}

/**
 * Whether the browser reached us over https: the operator's APP_URL is https, or a TLS-terminating
 * proxy says so in X-Forwarded-Proto (its first value when proxies chain). Next itself fills in
 * X-Forwarded-Proto "http" when no proxy sent one, so that header alone cannot rule https out.
 */
export function servedOverHttps(url: string, forwardedProto: string | null, appUrl: string | undefined): boolean {
  const proto = forwardedProto?.split(",")[0]?.trim().toLowerCase();
  return proto === "https" || url.startsWith("https:") || (appUrl ?? "").startsWith("https:");
}
