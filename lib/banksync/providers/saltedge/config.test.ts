import { describe, expect, it } from "vitest";
import { sandboxCredentials } from "@/lib/sandbox/credentials";
import { saltedgeConfigFromEnv } from "./config";

describe("saltedgeConfigFromEnv", () => {
  it("defaults to the sandbox and its credentials in sandbox mode", () => {
    expect(saltedgeConfigFromEnv({}, "http://127.0.0.1:3000/sandbox")).toEqual({
      baseUrl: "http://127.0.0.1:3000/sandbox/saltedge/api/v6",
      appId: sandboxCredentials.saltedge.appId,
      secret: sandboxCredentials.saltedge.secret,
    });
  });

  it("is absent live without credentials", () => {
    expect(saltedgeConfigFromEnv({}, null)).toBeNull();
    expect(saltedgeConfigFromEnv({ SALTEDGE_APP_ID: "app" }, null)).toBeNull();
  });

  it("uses the live base URL and the environment's credentials", () => {
    expect(saltedgeConfigFromEnv({ SALTEDGE_APP_ID: " app ", SALTEDGE_SECRET: "secret" }, null)).toEqual({
      baseUrl: "https://www.saltedge.com/api/v6",
      appId: "app",
      secret: "secret",
    });
    expect(saltedgeConfigFromEnv({ SALTEDGE_BASE_URL: "https://proxy.example/api/v6/", SALTEDGE_APP_ID: "a", SALTEDGE_SECRET: "s" }, null)?.baseUrl).toBe(
      "https://proxy.example/api/v6",
    );
  });
});
