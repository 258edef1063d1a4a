import { availableParallelism } from "node:os";
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
    // Vitest's default leaves one core free, which is one worker on a 2-core machine: the database tests
    // wait on PGlite and PostgreSQL as much as they compute, and two workers there take about half the time.
    maxWorkers: Math.max(2, availableParallelism() - 1),
    globalSetup: ["test/global-setup.ts"],
    // next-auth imports "next/headers" without an extension, which Node alone cannot resolve: Vite loads
    // it, so a test can run the real auth() with only the request's headers and cookies stood in.
    server: { deps: { inline: ["next-auth"] } },
  },
});
