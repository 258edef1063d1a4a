import { describe, expect, it } from "vitest";
import { mapPlaidError } from "./errors";

const now = new Date("2026-05-01T12:00:00Z");

function failed(status: number, error_type: string | null, error_code: string | null, headers: Record<string, string> = {}) {
  const body = error_type === null ? "<html>Bad gateway</html>" : { error_type, error_code, error_message: "message", display_message: null, request_id: "req123" };
  return mapPlaidError({ status, body, headers: new Headers(headers) }, now);
}

describe("mapPlaidError", () => {
  it.each([
    [400, "ITEM_ERROR", "ITEM_LOGIN_REQUIRED", "needs_user_action"],
    [400, "ITEM_ERROR", "INVALID_CREDENTIALS", "needs_user_action"],
    [400, "ITEM_ERROR", "ITEM_LOCKED", "needs_user_action"],
    [400, "ITEM_ERROR", "ITEM_NOT_FOUND", "consent_expired"],
    [400, "ITEM_ERROR", "PRODUCT_NOT_READY", "transient"],
    [429, "RATE_LIMIT_EXCEEDED", "RATE_LIMIT_EXCEEDED", "rate_limited"],
    [429, "RATE_LIMIT_EXCEEDED", "TRANSACTIONS_SYNC_LIMIT", "rate_limited"],
    [500, "API_ERROR", "INTERNAL_SERVER_ERROR", "transient"],
    [400, "INSTITUTION_ERROR", "INSTITUTION_DOWN", "transient"],
    [400, "INSTITUTION_ERROR", "INSTITUTION_NOT_RESPONDING", "transient"],
    [400, "INVALID_INPUT", "INVALID_API_KEYS", "other"],
    [400, "INVALID_INPUT", "INVALID_ACCESS_TOKEN", "other"],
    [400, "INVALID_REQUEST", "MISSING_FIELDS", "other"],
    [400, "TRANSACTIONS_ERROR", "TRANSACTIONS_SYNC_MUTATION_DURING_PAGINATION", "other"],
    [502, null, null, "transient"],
  ])("%s %s %s → %s", (status, type, code, kind) => {
    expect(failed(status, type, code).kind).toBe(kind);
  });

  it("keeps Plaid's code, message and request id", () => {
    expect(failed(400, "ITEM_ERROR", "ITEM_LOGIN_REQUIRED")).toMatchObject({
      provider: "plaid",
      providerCode: "ITEM_LOGIN_REQUIRED",
      providerMessage: "message",
      requestId: "req123",
      httpStatus: 400,
    });
    expect(failed(502, null, null).providerCode).toBe("502");
  });

  it("takes the rate limit's reset from Retry-After, else one minute", () => {
    expect(failed(429, "RATE_LIMIT_EXCEEDED", "RATE_LIMIT_EXCEEDED", { "retry-after": "5" }).resetAt).toEqual(new Date("2026-05-01T12:00:05Z"));
    expect(failed(429, "RATE_LIMIT_EXCEEDED", "RATE_LIMIT_EXCEEDED").resetAt).toEqual(new Date("2026-05-01T12:01:00Z"));
    expect(failed(400, "ITEM_ERROR", "ITEM_LOGIN_REQUIRED").resetAt).toBeNull();
  });
});
