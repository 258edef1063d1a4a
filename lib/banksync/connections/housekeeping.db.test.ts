import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { connectionMessages, connections, journals } from "@/db/schema";
import { fixedClock } from "@/lib/clock";
import { getObject } from "@/lib/sandbox/store";
import { APP_ORIGIN, startConnectHarness, type ConnectHarness } from "@/test/connect-harness";
import { drivers } from "@/test/databases";
import { sayStored } from "@/test/stored-text";
import { completeHostedConsent } from "@/test/hosted-consent";
import { startReconnection } from "../connect/reconnect";
import { linkAccountJournal } from "./accounts";
import { getConnectionDetail } from "./detail";
import { remindExpiringConsents, removeUnusedConnections } from "./housekeeping";
import { listConsentNotices } from "./notices";
import { waitForRun } from "@/test/runs";

const DAY = 24 * 60 * 60 * 1000;

describe.each(drivers)("connection housekeeping on %s", (driver) => {
  let h: ConnectHarness;
  beforeAll(async () => {
    h = await startConnectHarness(driver);
    await h.startWorkers();
  });
  afterAll(() => h?.close());

  it("reminds once at 15, 3 and 1 days before a consent ends, on the dashboard until it is extended", async () => {
    const { connectionId, runId } = await h.connectAll(h.co.accountant, "sandbox-bank", "gocardless");
    await waitForRun(h.deps.db, runId);
    const [connection] = await h.deps.db.select().from(connections).where(eq(connections.id, connectionId));
    const ends = connection!.consentExpiresAt!.getTime();
    const at = (msBefore: number) => ({ db: h.deps.db, clock: fixedClock(new Date(ends - msBefore)) });

    expect(await remindExpiringConsents(at(20 * DAY))).toBe(0);
    expect(await remindExpiringConsents(at(14.5 * DAY))).toBe(1);
    expect(await remindExpiringConsents(at(14 * DAY))).toBe(0);
    expect(await listConsentNotices(h.deps.db, h.co.viewer, new Date(ends - 14 * DAY))).toEqual([
      { connectionId, institutionName: "Sandbox Bank", providerName: "GoCardless", consentExpiresAt: connection!.consentExpiresAt },
    ]);
    expect(await remindExpiringConsents(at(2.5 * DAY))).toBe(1);
    expect(await remindExpiringConsents(at(0.5 * DAY))).toBe(1);
    expect(await remindExpiringConsents(at(0.2 * DAY))).toBe(0);
    const reminders = await h.deps.db.select().from(connectionMessages).where(eq(connectionMessages.connectionId, connectionId));
    const said = reminders.filter((m) => m.level === "warning").map((m) => sayStored(m.text));
    expect(said.map((text) => text.match(/ends in (\d+) days? or less/)?.[1])).toEqual(["15", "3", "1"]);
    expect(said[2]).toBe(
      "The consent given to Sandbox Bank through GoCardless ends in 1 day or less. Extend it (“Extend Connection” on the journal card, or “Update Credentials”) to keep synchronizing.",
    );
    // Another company sees none of it.
    const { companyWithUsers } = await import("@/test/fixtures");
    expect(await listConsentNotices(h.deps.db, (await companyWithUsers(h.deps.db, "Elsewhere")).admin, new Date(ends - DAY))).toEqual([]);

    // Extended: the notice goes, and the new consent will be reminded afresh.
    const started = await startReconnection(h.deps, h.co.accountant, { connectionId, appOrigin: APP_ORIGIN, language: "en" });
    if (!started.ok) throw new Error(started.failure.message.key);
    const back = await completeHostedConsent(started.url);
    await h.callback("gocardless", back.searchParams, h.co.accountant.userId);
    const [renewed] = await h.deps.db.select().from(connections).where(eq(connections.id, connectionId));
    expect(renewed!.consentReminderDays).toBeNull();
    expect(await listConsentNotices(h.deps.db, h.co.viewer, new Date(ends - 14 * DAY))).toEqual([]);
    await h.deps.db.delete(connections).where(eq(connections.id, connectionId));
  });

  it("after 30 days unused, revokes and deletes a connection that feeds no journal, and leaves the others", async () => {
    const unused = await h.connectAll(h.co.accountant, "sandbox-90-day-bank", "gocardless");
    const used = await h.connectAll(h.co.accountant, "sandbox-bank", "enablebanking");
    await waitForRun(h.deps.db, unused.runId);
    await waitForRun(h.deps.db, used.runId);
    const detail = await getConnectionDetail(h.deps.db, h.co.accountant, unused.connectionId, new Date(), 30_000);
    await linkAccountJournal(h.deps, h.co.accountant, detail.accounts[0]!.id, null);
    const [row] = await h.deps.db.select().from(connections).where(eq(connections.id, unused.connectionId));

    const soon = { ...h.deps, clock: fixedClock(new Date(Date.now() + 29 * DAY)) };
    expect(await removeUnusedConnections(soon)).toBe(0);
    const later = { ...h.deps, clock: fixedClock(new Date(Date.now() + 31 * DAY)) };
    expect(await removeUnusedConnections(later)).toBe(1);
    expect(await h.deps.db.select().from(connections).where(eq(connections.id, unused.connectionId))).toHaveLength(0);
    expect(await getObject(h.deps.db, "gocardless", "requisition", row!.externalRef)).toBeNull();
    expect(await h.deps.db.select().from(connections).where(eq(connections.id, used.connectionId))).toHaveLength(1);
    expect(await h.deps.db.select().from(journals).where(eq(journals.id, unused.journals.get("Current Account")!))).toHaveLength(1);
  });
});
