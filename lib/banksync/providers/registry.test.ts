import { describe, expect, it } from "vitest";
import { buildProviderAdapters, consentUrlForBrowser, sandboxUrlFor } from "./registry";

describe("sandboxUrlFor", () => {
  it.each([
    [{}, "sandbox", "http://127.0.0.1:3000/sandbox"],
    [{ PORT: "3100" }, "sandbox", "http://127.0.0.1:3100/sandbox"],
    [{ PORT: "", SANDBOX_URL: "" }, "sandbox", "http://127.0.0.1:3000/sandbox"],
    [{ SANDBOX_URL: "https://sandbox.example.com/sandbox/", PORT: "3100" }, "sandbox", "https://sandbox.example.com/sandbox"],
    [{ SANDBOX_URL: "https://sandbox.example.com/sandbox" }, "live", null],
  ] as const)("%j in %s mode → %s", (source, mode, expected) => {
    expect(sandboxUrlFor(source, mode)).toBe(expected);
  });

  it("names a bad value", () => {
    expect(() => sandboxUrlFor({ PORT: "http" }, "sandbox")).toThrow(/PORT/);
    expect(() => sandboxUrlFor({ SANDBOX_URL: "ftp://x" }, "sandbox")).toThrow(/SANDBOX_URL/);
  });
});

describe("consentUrlForBrowser", () => {
  const hosted = "http://127.0.0.1:3000/sandbox/gocardless/hosted/abc?x=1";
  it.each([
    ["a self-served sandbox page moves to the app's public origin", {}, "sandbox", hosted, "https://books.example.com/sandbox/gocardless/hosted/abc?x=1"],
    ["a separate sandbox keeps its URL", { SANDBOX_URL: "http://127.0.0.1:3000/sandbox" }, "sandbox", hosted, hosted],
    ["a real provider's page is left alone", {}, "live", "https://ob.gocardless.com/psd2/start/abc", "https://ob.gocardless.com/psd2/start/abc"],
    ["another port is not ours", { PORT: "3100" }, "sandbox", hosted, hosted],
  ] as const)("%s", (_name, source, mode, url, expected) => {
    expect(consentUrlForBrowser(url, source, mode, "https://books.example.com/ignored/path")).toBe(expected);
  });
});

describe("buildProviderAdapters", () => {
  it("enables every provider in sandbox mode, with the sandbox credentials", () => {
    const adapters = buildProviderAdapters({}, "http://127.0.0.1:3000/sandbox");
    expect(Object.keys(adapters).sort()).toEqual(["enablebanking", "gocardless", "plaid", "saltedge"]);
    expect(Object.entries(adapters).every(([id, adapter]) => adapter.id === id)).toBe(true);
  });

  it("enables in live mode only the providers whose credentials are set", () => {
    expect(buildProviderAdapters({}, null)).toEqual({});
    const adapters = buildProviderAdapters({ PLAID_CLIENT_ID: "client", PLAID_SECRET: "secret" }, null);
    expect(Object.keys(adapters)).toEqual(["plaid"]);
  });

  it("refuses a bad provider timeout", () => {
    expect(() => buildProviderAdapters({ PROVIDER_TIMEOUT_MS: "soon" }, null)).toThrow(/PROVIDER_TIMEOUT_MS/);
  });
});

describe(".env.example", () => {
  it("holds valid sandbox credentials: every adapter built from it is let in by the sandbox", async () => {
    const { readFileSync } = await import("node:fs");
    const { startSandboxServer } = await import("@/test/sandbox-server");
    const source = Object.fromEntries(
      readFileSync(".env.example", "utf8")
        .split("\n")
        .filter((line) => /^[A-Z_]+=/.test(line))
        .map((line) => [line.slice(0, line.indexOf("=")), line.slice(line.indexOf("=") + 1)]),
    );
    expect(source.GOCARDLESS_SECRET_ID).toBe("sandbox-secret-id");
    const server = await startSandboxServer();
    try {
      const adapters = buildProviderAdapters(source, server.sandboxUrl, { sleep: async () => {} });
      expect(Object.keys(adapters).sort()).toEqual(["enablebanking", "gocardless", "plaid", "saltedge"]);
      for (const [id, adapter] of Object.entries(adapters)) {
        const institutions = await adapter.listInstitutions(id === "plaid" ? "US" : "BE");
        expect(institutions.length, id).toBeGreaterThan(0);
      }
      const wrong = buildProviderAdapters({ ...source, GOCARDLESS_SECRET_KEY: "wrong" }, server.sandboxUrl, { sleep: async () => {} });
      await expect(wrong.gocardless!.listInstitutions("BE")).rejects.toMatchObject({ name: "ProviderError", httpStatus: 401 });
    } finally {
      await server.close();
    }
  });
});
