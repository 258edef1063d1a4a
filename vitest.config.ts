import path from "node:path";
import { defineConfig } from "vitest/config";

export default defineConfig({
  resolve: { alias: { "@": path.resolve(import.meta.dirname) } },
  test: {
    environment: "node",
    include: ["**/*.test.ts"],
    exclude: ["node_modules/**", ".next/**", "e2e/**", ".data*/**"],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: "forks",
    // next-auth imports "next/headers" without an extension, which Node alone cannot resolve: Vite loads
    // it, so a test can run the real auth() with only the request's headers and cookies stood in.
    server: { deps: { inline: ["next-auth"] } },
  },
});
