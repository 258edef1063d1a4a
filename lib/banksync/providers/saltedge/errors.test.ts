import { describe, expect, it } from "vitest";
import { callbackError, classifySaltedgeError, mapSaltedgeError } from "./errors";

describe("classifySaltedgeError", () => {
  it.each([
    ["AispConsentExpired", null, 406, "consent_expired"],
    ["AispConsentRevoked", null, 406, "consent_expired"],
    ["ConnectionNotFound", null, 404, "consent_expired"],
    ["InvalidCredentials", null, 406, "needs_user_action"],
    ["InteractiveAdapterTimeout", "The bank asks for a one-time code", 406, "needs_user_action"],
    ["ConnectionCannotBeRefreshed", "Automatic refresh is not supported by this provider.", 406, "auto_fetch_unsupported"],
    ["ConnectionCannotBeRefreshed", "Too early", 406, "other"],
    ["ConnectionDuplicated", null, 409, "already_exists"],
    ["RateLimitExceeded", null, 429, "rate_limited"],
    [null, null, 429, "rate_limited"],
    ["ProviderUnavailable", null, 500, "transient"],
    [null, null, 503, "transient"],
    ["WrongClientSecret", null, 401, "other"],
    ["SomethingNew", null, 400, "other"],
  ] as const)("%s / %s / %s → %s", (errorClass, message, status, kind) => {
    expect(classifySaltedgeError(errorClass, message, status)).toBe(kind);
  });
});

describe("mapSaltedgeError", () => {
  it("keeps the class, message, request id and Retry-After", () => {
    const before = Date.now();
    const error = mapSaltedgeError({
      status: 429,
      body: { error: { class: "RateLimitExceeded", message: "Slow down", documentation_url: "https://docs" } },
      headers: new Headers({ "retry-after": "60", "x-request-id": "req-1" }),
    });
    expect(error).toMatchObject({ kind: "rate_limited", providerCode: "RateLimitExceeded", providerMessage: "Slow down", requestId: "req-1", httpStatus: 429 });
    expect(error.resetAt!.getTime()).toBeGreaterThanOrEqual(before + 59_000);
  });

  it("falls back on the HTTP status for a body that is not Salt Edge's", () => {
    const error = mapSaltedgeError({ status: 502, body: "<html>Bad gateway</html>", headers: new Headers() });
    expect(error).toMatchObject({ kind: "transient", providerCode: "502" });
  });
});

describe("callbackError", () => {
  it("names Salt Edge for a duplicate connection", () => {
    const error = callbackError("ConnectionDuplicated", "exists");
    expect(error.kind).toBe("already_exists");
    expect(error.message).toMatch(/Salt Edge/);
  });

  it("reports a cancellation and anything else as other", () => {
    expect(callbackError("ConnectionCancelled", null).kind).toBe("cancelled");
    expect(callbackError("InvalidCredentials", "wrong").kind).toBe("other");
  });
});
