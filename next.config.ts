import type { NextConfig } from "next";
import createNextIntlPlugin from "next-intl/plugin";
import { commonSecurityHeaders, noScriptContentSecurityPolicy, strictTransportSecurity } from "./lib/security-headers";

const overHttps = [{ type: "header" as const, key: "x-forwarded-proto", value: "https" }];

const nextConfig: NextConfig = {
  // PGlite ships WebAssembly and data files that must be loaded from node_modules at run time;
  // pg-boss reads its JSON schema with an import attribute. Both stay plain Node modules.
  serverExternalPackages: ["@electric-sql/pglite", "pg-boss"],
  poweredByHeader: false,
  // The providers' APIs (GoCardless's above all) end their paths with a slash; the sandbox must answer
  // them as they are. proxy.ts still removes a trailing slash from page URLs.
  skipTrailingSlashRedirect: true,
  // Security headers (lib/security-headers.ts). Pages get their Content-Security-Policy, with a nonce,
  // and HSTS from proxy.ts; API routes and the sandbox get a script-free policy here, and HSTS when a
  // TLS-terminating proxy says the request came over https.
  async headers() {
    return [
      { source: "/:path*", headers: commonSecurityHeaders },
      { source: "/api/:path*", headers: [{ key: "Content-Security-Policy", value: noScriptContentSecurityPolicy }] },
      { source: "/sandbox/:path*", headers: [{ key: "Content-Security-Policy", value: noScriptContentSecurityPolicy }] },
      { source: "/api/:path*", has: overHttps, headers: [strictTransportSecurity] },
      { source: "/sandbox/:path*", has: overHttps, headers: [strictTransportSecurity] },
    ];
  },
};

// The interface's languages (i18n/): next-intl reads each request's locale and catalog from i18n/request.ts.
const withNextIntl = createNextIntlPlugin("./i18n/request.ts");

export default withNextIntl(nextConfig);
