import { describe, expect, it } from "vitest";
import { sandboxCredentials } from "@/lib/sandbox/credentials";
import { gocardlessConfigFromEnv, LIVE_BASE_URL } from "./config";

describe("gocardlessConfigFromEnv", () => {
  it("sandbox mode defaults to the sandbox and its credentials", () => {
    expect(gocardlessConfigFromEnv({}, "http://127.0.0.1:3000/sandbox")).toEqual({
      baseUrl: "http://127.0.0.1:3000/sandbox/gocardless/api/v2",
      secretId: sandboxCredentials.gocardless.secretId,
      secretKey: sandboxCredentials.gocardless.secretKey,
    });
  });

  it("live mode needs both secrets", () => {
    expect(gocardlessConfigFromEnv({}, null)).toBeNull();
    expect(gocardlessConfigFromEnv({ GOCARDLESS_SECRET_ID: " ", GOCARDLESS_SECRET_KEY: "" }, null)).toBeNull();
    expect(gocardlessConfigFromEnv({ GOCARDLESS_SECRET_ID: "id", GOCARDLESS_SECRET_KEY: "key", PROVIDER_TIMEOUT_MS: "15000" }, null)).toEqual({
      baseUrl: LIVE_BASE_URL,
      secretId: "id",
      secretKey: "key",
      timeoutMs: 15000,
    });
    expect(() => gocardlessConfigFromEnv({ GOCARDLESS_SECRET_ID: "id" }, null)).toThrow(/both/);
  });

  it("takes the base URL from the environment and refuses a bad one", () => {
    const config = gocardlessConfigFromEnv({ GOCARDLESS_BASE_URL: "https://proxy.example/gc/api/v2/", GOCARDLESS_SECRET_ID: "id", GOCARDLESS_SECRET_KEY: "key" }, null);
    expect(config?.baseUrl).toBe("https://proxy.example/gc/api/v2");
    expect(() => gocardlessConfigFromEnv({ GOCARDLESS_BASE_URL: "not a url" }, "http://x/sandbox")).toThrow(/GOCARDLESS_BASE_URL/);
    expect(() => gocardlessConfigFromEnv({ PROVIDER_TIMEOUT_MS: "soon" }, "http://x/sandbox")).toThrow(/PROVIDER_TIMEOUT_MS/);
  });
});
