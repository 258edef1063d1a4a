import { describe, expect, it } from "vitest";
import { message } from "@/i18n/message";
import { storeText } from "./connections/stored-text";
import { journalSyncView, type JournalLink, type LatestRun } from "./journal-links";
import { AUTO_FETCH_UNSUPPORTED_MESSAGE } from "./sync/outcomes";

const now = new Date("2026-11-26T10:00:00Z");

function link(overrides: Partial<JournalLink> = {}): JournalLink {
  return {
    connectionId: "c0000000-0000-4000-8000-000000000001",
    institutionName: "Sandbox Bank",
    providerName: "GoCardless",
    state: "connected",
    autoSync: true,
    consentExpiresAt: new Date("2027-02-24T10:00:00Z"),
    lastRefreshAt: new Date("2026-11-26T09:00:00Z"),
    nextRefreshAt: new Date("2026-11-26T21:00:00Z"),
    lastErrorMessage: null,
    lastErrorReference: null,
    fetchingStatus: "idle",
    mfa: false,
    accountMissing: false,
    latestRun: null,
    ...overrides,
  };
}

function run(overrides: Partial<LatestRun> = {}): LatestRun {
  return {
    id: "r0000000-0000-4000-8000-000000000001",
    status: "succeeded",
    trigger: "manual",
    fetched: 12,
    imported: 10,
    errorMessage: null,
    errorReference: null,
    notBefore: null,
    queuedAt: new Date("2026-11-26T08:59:00Z"),
    finishedAt: new Date("2026-11-26T09:00:00Z"),
    ...overrides,
  };
}

describe("journalSyncView", () => {
  it("sends instants as ISO strings", () => {
    const view = journalSyncView("j1", link({ latestRun: run() }), now);
    expect(view).toMatchObject({
      journalId: "j1",
      consentExpiresAt: "2027-02-24T10:00:00.000Z",
      lastRefreshAt: "2026-11-26T09:00:00.000Z",
      nextRefreshAt: "2026-11-26T21:00:00.000Z",
      run: { imported: 10, fetched: 12, finishedAt: "2026-11-26T09:00:00.000Z", autoFetchUnsupported: false, refreshLimitedUntil: null },
    });
  });

  it.each([
    ["16 days ahead", "2026-12-12T10:00:01Z", false],
    ["exactly 15 days ahead", "2026-12-11T10:00:00Z", true],
    ["3 days ahead", "2026-11-29T10:00:00Z", true],
    ["already past", "2026-11-25T10:00:00Z", true],
  ])("offers to extend a consent ending %s: %s", (_case, expiresAt, soon) => {
    expect(journalSyncView("j1", link({ consentExpiresAt: new Date(expiresAt) }), now).consentExpiringSoon).toBe(soon);
  });

  it("does not offer to extend a consent without an end", () => {
    expect(journalSyncView("j1", link({ consentExpiresAt: null }), now)).toMatchObject({ consentExpiresAt: null, consentExpiringSoon: false });
  });

  it.each([
    ["automatic synchronization on", {}, "2026-11-26T21:00:00.000Z"],
    ["a connection in error (the scheduler retries it)", { state: "error" as const }, "2026-11-26T21:00:00.000Z"],
    ["automatic synchronization off", { autoSync: false }, null],
    ["a connection waiting for the user", { state: "action_required" as const }, null],
    ["a disconnected connection", { state: "disconnected" as const }, null],
  ])("shows the next synchronization only when one is scheduled: %s", (_case, overrides, next) => {
    expect(journalSyncView("j1", link(overrides), now).nextRefreshAt).toBe(next);
  });

  it.each([
    ["the engine's English sentence", AUTO_FETCH_UNSUPPORTED_MESSAGE],
    ["a stored Message", storeText(message("ProviderErrors.autoFetchUnsupported"))],
  ])("recognizes a bank that refuses scheduled fetches by its run's message: %s", (_case, errorMessage) => {
    const refused = run({ status: "failed", trigger: "scheduled", errorMessage, errorReference: "BS-00000001" });
    expect(journalSyncView("j1", link({ latestRun: refused }), now).run?.autoFetchUnsupported).toBe(true);
    const other = run({ status: "failed", errorMessage: "The provider reported an error: boom" });
    expect(journalSyncView("j1", link({ latestRun: other }), now).run?.autoFetchUnsupported).toBe(false);
  });

  it("sends stored errors as what they say, the provider's words apart, and old text as it is", () => {
    const failed = run({ status: "failed", errorMessage: "The provider reported an error: boom", errorReference: "BS-00000002" });
    const view = journalSyncView("j1", link({ latestRun: failed, lastErrorMessage: "Written before translation.", lastErrorReference: "BS-00000002" }), now);
    expect(view.run?.errorMessage).toEqual({ said: { key: "ProviderErrors.other" }, providerMessage: "boom" });
    expect(view.lastError).toEqual({ message: { text: "Written before translation." }, reference: "BS-00000002" });
    expect(view.providerName).toBe("GoCardless");
  });

  it("keeps a refresh limit only while it lasts", () => {
    const limited = (notBefore: string) => journalSyncView("j1", link({ latestRun: run({ imported: 0, notBefore: new Date(notBefore) }) }), now).run?.refreshLimitedUntil;
    expect(limited("2026-11-27T08:00:00Z")).toBe("2026-11-27T08:00:00.000Z");
    expect(limited("2026-11-26T09:59:59Z")).toBeNull();
  });
});
