import type { NextConfig } from "next";

const nextConfig: NextConfig = {
  // PGlite ships WebAssembly and data files that must be loaded from node_modules at run time;
  // pg-boss reads its JSON schema with an import attribute. Both stay plain Node modules.
  serverExternalPackages: ["@electric-sql/pglite", "pg-boss"],
  poweredByHeader: false,
  // The providers' APIs (GoCardless's above all) end their paths with a slash; the sandbox must answer
  // them as they are. proxy.ts still removes a trailing slash from page URLs.
  skipTrailingSlashRedirect: true,
};

export default nextConfig;
