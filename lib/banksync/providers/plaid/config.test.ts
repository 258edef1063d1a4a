import { describe, expect, it } from "vitest";
import { sandboxCredentials } from "@/lib/sandbox/credentials";
import { plaidConfigFromEnv } from "./config";

describe("plaidConfigFromEnv", () => {
  it("defaults to the sandbox and its credentials in sandbox mode", () => {
    expect(plaidConfigFromEnv({}, "http://127.0.0.1:3000/sandbox")).toEqual({
      baseUrl: "http://127.0.0.1:3000/sandbox/plaid",
      clientId: sandboxCredentials.plaid.clientId,
      secret: sandboxCredentials.plaid.secret,
    });
  });

  it("uses production with the given credentials live, and is off without them", () => {
    expect(plaidConfigFromEnv({ PLAID_CLIENT_ID: "id", PLAID_SECRET: "s" }, null)).toEqual({ baseUrl: "https://production.plaid.com", clientId: "id", secret: "s" });
    expect(plaidConfigFromEnv({ PLAID_CLIENT_ID: " ", PLAID_SECRET: "" }, null)).toBeNull();
  });

  it("honours PLAID_BASE_URL without a trailing slash", () => {
    expect(plaidConfigFromEnv({ PLAID_BASE_URL: "https://sandbox.plaid.com/", PLAID_CLIENT_ID: "id", PLAID_SECRET: "s" }, null)?.baseUrl).toBe("https://sandbox.plaid.com");
  });

  it("refuses half a set of credentials and a base URL that is not one", () => {
    expect(() => plaidConfigFromEnv({ PLAID_CLIENT_ID: "id" }, null)).toThrow(/PLAID_SECRET/);
    expect(() => plaidConfigFromEnv({ PLAID_BASE_URL: "production.plaid.com", PLAID_CLIENT_ID: "id", PLAID_SECRET: "s" }, null)).toThrow(/PLAID_BASE_URL/);
  });
});
