import { describe, expect, it } from "vitest";
import { buildProviderAdapters, sandboxUrlFor } from "./registry";

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
