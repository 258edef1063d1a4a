import { describe, expect, it } from "vitest";
import { isTokenRejected, mapGocardlessError } from "./errors";

function failed(status: number, body: unknown, headers: Record<string, string> = {}) {
  return mapGocardlessError({ status, body, headers: new Headers(headers) });
}

describe("mapGocardlessError", () => {
  it.each([
    [401, { summary: "End User Agreement (EUA) 3fa8 has expired", detail: "EUA was valid for 90 days", status_code: 401, type: "AccessExpiredError" }, "consent_expired"],
    [401, { summary: "End User Agreement (EUA) 3fa8 has expired", detail: "…", status_code: 401 }, "consent_expired"],
    [403, { summary: "Access has expired or it has been revoked.", detail: "…", status_code: 403, type: "AccessExpiredError" }, "consent_expired"],
    [401, { summary: "Account inactive", detail: "…", status_code: 401, type: "AccountInactiveError" }, "needs_user_action"],
    [409, { summary: "Account is being processed", detail: "…", status_code: 409, type: "AccountProcessing" }, "transient"],
    [409, { summary: "Conflict", detail: "Something else", status_code: 409 }, "other"],
    [429, { summary: "Rate limit exceeded", detail: "Please try again in 60 seconds", status_code: 429 }, "rate_limited"],
    [500, { summary: "Internal Server Error", detail: "…", status_code: 500 }, "transient"],
    [503, "<html>Service Unavailable</html>", "transient"],
    [400, { summary: "Incorrect max_historical_days", detail: "…", status_code: 400 }, "other"],
    [401, { summary: "Invalid token", detail: "Token is invalid or expired", status_code: 401 }, "other"],
  ])("%i %j → %s", (status, body, kind) => {
    const error = failed(status, body);
    expect(error.kind).toBe(kind);
    expect(error.httpStatus).toBe(status);
    expect(error.provider).toBe("gocardless");
  });

  it("keeps the summary as provider code and message", () => {
    const error = failed(401, { summary: "End User Agreement (EUA) 3fa8 has expired", detail: "Reconnect.", status_code: 401, type: "AccessExpiredError" });
    expect(error.providerCode).toBe("End User Agreement (EUA) 3fa8 has expired");
    expect(error.providerMessage).toBe("End User Agreement (EUA) 3fa8 has expired: Reconnect.");
  });

  it("reads a validation error nested under its field", () => {
    const error = failed(400, { reference: { summary: "Client reference must be unique", detail: "…" }, status_code: 400 });
    expect(error.providerCode).toBe("reference: Client reference must be unique");
  });

  it.each([
    [{ http_x_ratelimit_account_success_reset: "3600" }, "Rate limit", 3600],
    [{ http_x_ratelimit_reset: "42" }, "Rate limit", 42],
    [{}, "Please try again in 17 seconds", 17],
    [{ "retry-after": "9" }, "Too many requests", 9],
  ])("429 reset time from %j / %s", (headers, detail, seconds) => {
    const error = failed(429, { summary: "Rate limit exceeded", detail, status_code: 429 }, headers);
    const inSeconds = (error.resetAt!.getTime() - Date.now()) / 1000;
    expect(inSeconds).toBeGreaterThan(seconds - 2);
    expect(inSeconds).toBeLessThanOrEqual(seconds);
  });

  it("only a 401 about our token asks for a new token", () => {
    expect(isTokenRejected(failed(401, { summary: "Invalid token", detail: "Token is invalid or expired", status_code: 401 }))).toBe(true);
    expect(isTokenRejected(failed(401, { summary: "x", detail: "y", status_code: 401, type: "AccessExpiredError" }))).toBe(false);
    expect(isTokenRejected(failed(404, { summary: "Not found.", detail: "Not found.", status_code: 404 }))).toBe(false);
  });
});
