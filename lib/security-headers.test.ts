import { describe, expect, it } from "vitest";
import { newNonce, noScriptContentSecurityPolicy, pageContentSecurityPolicy, servedOverHttps } from "./security-headers";

/** A policy's directives by name. */
function directives(policy: string): Map<string, string[]> {
  return new Map(policy.split(";").map((d) => d.trim().split(/\s+/)).map(([name, ...sources]) => [name!, sources]));
}

describe("the pages' Content-Security-Policy", () => {
  it("runs only this request's scripts: no inline code, no event handlers, no plug-ins, no framing", () => {
    const policy = directives(pageContentSecurityPolicy({ nonce: "abc123==", https: false }));
    expect(policy.get("script-src")).toEqual(["'self'", "'nonce-abc123=='", "'strict-dynamic'"]);
    expect(policy.get("object-src")).toEqual(["'none'"]);
    expect(policy.get("frame-ancestors")).toEqual(["'none'"]);
    expect(policy.get("base-uri")).toEqual(["'self'"]);
    expect(policy.get("form-action")).toEqual(["'self'"]);
    expect(policy.has("upgrade-insecure-requests")).toBe(false);
  });

  it("upgrades requests only over https, and allows eval only in development", () => {
    expect(directives(pageContentSecurityPolicy({ nonce: "n", https: true })).has("upgrade-insecure-requests")).toBe(true);
    expect(directives(pageContentSecurityPolicy({ nonce: "n", https: false, dev: true })).get("script-src")).toContain("'unsafe-eval'");
  });

  it("API routes and the sandbox allow no script at all", () => {
    const policy = directives(noScriptContentSecurityPolicy);
    expect(policy.get("default-src")).toEqual(["'none'"]);
    expect(policy.has("script-src")).toBe(false);
    expect(policy.get("frame-ancestors")).toEqual(["'none'"]);
  });
});

describe("nonces and https", () => {
  it("a nonce is 128 random bits, new every time", () => {
    const nonces = new Set(Array.from({ length: 100 }, newNonce));
    expect(nonces.size).toBe(100);
    for (const nonce of nonces) expect(Buffer.from(nonce, "base64")).toHaveLength(16);
  });

  it("https is what the proxy forwarded, the URL or APP_URL", () => {
    expect(servedOverHttps("http://app:3000/", "https", undefined)).toBe(true);
    expect(servedOverHttps("http://app:3000/", "https, http", undefined)).toBe(true);
    expect(servedOverHttps("http://app:3000/", "http", undefined)).toBe(false);
    // Next fills in "http" itself when no proxy sent the header.
    expect(servedOverHttps("http://app:3000/", "http", "https://books.example")).toBe(true);
    expect(servedOverHttps("http://app:3000/", null, "https://books.example")).toBe(true);
    expect(servedOverHttps("https://books.example/", null, undefined)).toBe(true);
    expect(servedOverHttps("http://127.0.0.1:3000/", null, undefined)).toBe(false);
  });
});
