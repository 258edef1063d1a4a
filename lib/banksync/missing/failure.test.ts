import { describe, expect, it } from "vitest";
import { say } from "@/test/i18n";
import { ProviderError } from "../providers/errors";
import { MissingFetchError, missingFetchDescription } from "./failure";
import { localizedValues } from "./say";

const refused = (kind: ProviderError["kind"], more: Partial<ConstructorParameters<typeof ProviderError>[0]> = {}) =>
  new ProviderError({ provider: "gocardless", kind, message: "internal detail", ...more });

describe("missingFetchDescription", () => {
  it("shows the provider's own message as it was sent, labelled with the provider, in either language", () => {
    const description = missingFetchDescription(refused("other", { providerMessage: "Invalid account id" }), "gocardless");
    expect(description).toEqual({ key: "FindMissing.failures.providerError", values: { provider: "GoCardless", message: "Invalid account id" } });
    expect(say(description)).toBe("GoCardless reported an error: Invalid account id");
    expect(say(description, "ko")).toBe("GoCardless에서 오류를 보고했습니다. GoCardless의 원문 메시지: Invalid account id");
  });

  it("writes our own sentences in the reader's language", () => {
    expect(say(missingFetchDescription(refused("consent_expired"), "gocardless"), "ko")).toBe(
      "은행에서 다시 로그인하라고 요청합니다. “은행 다시 연결”을 누른 후 다시 시도하세요.",
    );
    expect(say(missingFetchDescription(refused("transient"), "saltedge"))).toBe("Salt Edge did not answer in time. Try again in a moment.");
    expect(say(missingFetchDescription(new Error("boom"), "plaid"))).toBe("Asking Plaid for transactions failed unexpectedly.");
  });

  it("names the time a rate limit ends in the reader's locale", () => {
    const limited = missingFetchDescription(refused("rate_limited", { resetAt: new Date("2026-11-26T17:00:00Z") }), "gocardless");
    expect(limited.values).toEqual({ resetAt: "2026-11-26T17:00:00.000Z" });
    const en = say({ ...limited, values: localizedValues(limited.values, "en") });
    expect(en).toBe("The bank allows a limited number of refreshes a day: try again after Nov 26, 2026, 5:00 PM UTC.");
    const ko = say({ ...limited, values: localizedValues(limited.values, "ko") }, "ko");
    expect(ko).toContain("2026. 11. 26.");
    expect(ko).toMatch(/UTC 이후에 다시 시도하세요\.$/);
  });

  it("keeps English words for logs beside the Message for the user", () => {
    const error = new MissingFetchError(missingFetchDescription(refused("transient"), "gocardless"), "BS-ABCDEFGH");
    expect(error.description).toBe("GoCardless did not answer in time. Try again in a moment.");
    expect(error.message).toBe("GoCardless did not answer in time. Try again in a moment. Reference: BS-ABCDEFGH.");
    expect(error.userMessage.key).toBe("FindMissing.failures.transient");
  });
});
