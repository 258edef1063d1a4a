import { createElement, type ComponentProps, type ReactElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { NextIntlClientProvider } from "next-intl";
import { describe, expect, it } from "vitest";
import { message } from "@/i18n/message";
import { readStoredText, storeText } from "@/lib/banksync/connections/stored-text";
import en from "@/messages/en";
import ko from "@/messages/ko";
import { ConnectionError } from "./connection-error";
import { ConnectionLog } from "./connection-log";
import { ConnectionTable } from "./connection-table";

type ProviderProps = ComponentProps<typeof NextIntlClientProvider>;

function render(element: ReactElement, language: "en" | "ko"): string {
  const html = renderToStaticMarkup(createElement(NextIntlClientProvider, { locale: language, messages: language === "en" ? en : ko, timeZone: "UTC" } as ProviderProps, element));
  // The words as a reader sees them, tags out.
  return html.replace(/<[^>]+>/g, " ").replace(/\s+/g, " ").replace(/&quot;/g, '"').replace(/&#x27;/g, "'");
}

const at = new Date("2026-11-26T10:00:00Z");
const entry = (id: string, text: string, level: "info" | "warning" | "error" = "info", reference: string | null = null) => ({
  id,
  level,
  text,
  content: readStoredText(text),
  reference,
  author: null,
  createdAt: at,
});

describe("the Online Synchronization pages", () => {
  const log = {
    page: 1,
    pageCount: 2,
    total: 21,
    entries: [
      entry("1", storeText(message("ConnectionLog.autoSyncEnabled"))),
      entry("2", "Scheduled synchronization failed after 1.0 s: The provider reported an error: Bank is down", "error", "BS-7K3F9QX2"),
      entry("3", "Connected to Sandbox Bank through GoCardless."),
    ],
  };

  it("show the log in English as written, and in Korean, the provider's own words as sent and labelled", () => {
    const english = render(createElement(ConnectionLog, { log, locale: "en", basePath: "/x", providerName: "GoCardless" }), "en");
    expect(english).toContain("Automatic synchronization enabled.");
    expect(english).toContain("Scheduled synchronization failed after 1.0 s: The provider reported an error. Message from GoCardless: Bank is down");
    expect(english).toContain("Reference: BS-7K3F9QX2");
    expect(english).toContain("Connected to Sandbox Bank through GoCardless.");
    expect(english).toContain("Page 1 of 2");
    const korean = render(createElement(ConnectionLog, { log, locale: "ko", basePath: "/x", providerName: "GoCardless" }), "ko");
    expect(korean).toContain("자동 동기화를 켰습니다.");
    expect(korean).toContain("예약 동기화 실패(1.0초 후): 제공업체에서 오류를 보고했습니다. GoCardless의 원문 메시지: Bank is down");
    expect(korean).toContain("참조 번호: BS-7K3F9QX2");
    expect(korean).toContain("Connected to Sandbox Bank through GoCardless.");
    expect(korean).toContain("2페이지 중 1페이지");
    expect(korean).not.toMatch(/Page|Reference|Warning|Error/);
  });

  it("show the last error and a report in the reader's language", () => {
    const detail = {
      clientId: "client-1",
      providerName: "Salt Edge",
      institutionName: "Sandbox Bank",
      lastError: { message: readStoredText(storeText(message("Connection.outcomes.revokeFailed", { provider: "Salt Edge" }), "Locked")), code: "CustomerLocked", reference: "BS-1" },
    };
    const english = render(createElement(ConnectionError, { detail, supportEmail: "support@banksync.test" }), "en");
    expect(english).toContain("Last error Description Salt Edge could not revoke the consent. Nothing was deleted; try again later. Message from Salt Edge: Locked");
    expect(english).toContain("Report issue");
    const korean = render(createElement(ConnectionError, { detail, supportEmail: undefined }), "ko");
    expect(korean).toContain("마지막 오류 설명 Salt Edge에서 동의를 취소하지 못했습니다.");
    expect(korean).toContain("Salt Edge의 원문 메시지: Locked");
    expect(korean).toContain("SUPPORT_EMAIL");
  });

  it("list the connections with their states and settings", () => {
    const rows = [
      {
        id: "c1",
        institutionName: "Sandbox Bank",
        providerName: "GoCardless",
        state: "action_required" as const,
        lastRefreshAt: null,
        nextRefreshAt: null,
        consentExpiresAt: null,
        autoSync: true,
        accounts: 3,
        linkedAccounts: 2,
      },
    ];
    const query = { sort: "state" as const };
    expect(render(createElement(ConnectionTable, { rows, query, locale: "en" }), "en")).toContain(
      "Bank connections Institution Provider State ▲ Last refresh Next refresh Consent valid until Automatic synchronization Accounts Sandbox Bank GoCardless ⚠ Action required — — — On 3 2 synchronized",
    );
    expect(render(createElement(ConnectionTable, { rows, query, locale: "ko" }), "ko")).toContain("조치 필요 — — — 켜짐 3 2개 동기화됨");
  });
});
