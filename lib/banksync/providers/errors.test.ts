import { describe, expect, it } from "vitest";
import { say } from "@/test/i18n";
import { explainProviderError, ProviderError, providerErrorKinds } from "./errors";

describe("explainProviderError", () => {
  it("explains every kind in both languages, and keeps the provider's message apart, as sent", () => {
    for (const kind of providerErrorKinds) {
      const error = new ProviderError({ provider: "plaid", kind, message: "timeout after 30 s", providerMessage: "ITEM_LOGIN_REQUIRED: la connexion a échoué" });
      const { message, providerMessage } = explainProviderError(error);
      expect(say(message)).not.toBe(message.key);
      expect(say(message, "ko")).toMatch(/[가-힣]/);
      expect(providerMessage).toBe(kind === "transient" ? null : "ITEM_LOGIN_REQUIRED: la connexion a échoué");
    }
    const transient = explainProviderError(new ProviderError({ provider: "plaid", kind: "transient", message: "timeout after 30 s" }));
    expect(say(transient.message)).toBe("The bank's provider did not answer in time (timeout after 30 s). The next synchronization tries again.");
  });
});
