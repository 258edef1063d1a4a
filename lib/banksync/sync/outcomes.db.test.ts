import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { connections, syncRuns } from "@/db/schema";
import { startConnectHarness, type ConnectHarness } from "@/test/connect-harness";
import { drivers } from "@/test/databases";
import { fetchJournal } from "./requests";
import { AUTO_FETCH_UNSUPPORTED_MESSAGE } from "./outcomes";

type Tick = { runs: { connection: string; institution: string; status: string; imported: number; error?: string }[] };

describe.each(drivers)("provider outcomes of scheduled synchronizations on %s", (driver) => {
  let h: ConnectHarness;
  const ids = new Map<string, { connectionId: string; journals: Map<string, string> }>();
  beforeAll(async () => {
    h = await startConnectHarness(driver);
    await h.startWorkers();
    for (const [key, provider] of [
      ["sandbox-mfa-bank", "saltedge"],
      ["sandbox-manual-bank", "saltedge"],
      ["sandbox-daily-limit-bank", "enablebanking"],
      ["sandbox-flaky-bank", "gocardless"],
      ["sandbox-expiring-bank", "gocardless"],
    ] as const) {
      const connected = await h.connectAll(h.co.admin, key, provider);
      ids.set(key, connected);
    }
    // The initial synchronizations were started by the user: all of them pass.
    for (const { connectionId } of ids.values()) {
      for (let i = 0; ; i++) {
        const [run] = await h.deps.db.select().from(syncRuns).where(eq(syncRuns.connectionId, connectionId));
        if (run?.status === "succeeded") break;
        if (run?.status === "failed" || i > 600) throw new Error(`initial run of ${connectionId}: ${run?.status} ${run?.errorMessage}`);
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    }
  });
  afterAll(() => h?.close());

  const stateOf = async (key: string) => (await h.deps.db.select().from(connections).where(eq(connections.id, ids.get(key)!.connectionId)))[0]!;
  const runOf = (tick: Tick, institution: string) => tick.runs.find((r) => r.institution === institution);

  it("13 hours later, one scheduler tick runs every due connection and records each outcome", async () => {
    await h.server.control("clock", { advanceHours: 13 });
    const tick = (await h.server.control("run-scheduled-sync")) as Tick;
    expect(tick.runs).toHaveLength(5);

    expect(runOf(tick, "Sandbox MFA Bank")).toMatchObject({ status: "failed" });
    const mfa = await stateOf("sandbox-mfa-bank");
    expect(mfa.state).toBe("action_required");
    expect(mfa.lastErrorReference).toMatch(/^BS-[0-9A-Z]{8}$/);

    expect(runOf(tick, "Sandbox Manual Bank")).toMatchObject({ status: "failed", error: AUTO_FETCH_UNSUPPORTED_MESSAGE });
    expect((await stateOf("sandbox-manual-bank")).state).toBe("connected");

    expect(runOf(tick, "Sandbox Daily Limit Bank")).toMatchObject({ status: "succeeded", imported: 0 });
    const limited = await stateOf("sandbox-daily-limit-bank");
    expect(limited.state).toBe("connected");
    const latestLimited = (await h.deps.db.select().from(syncRuns).where(eq(syncRuns.connectionId, limited.id))).find((r) => r.trigger === "scheduled")!;
    expect(latestLimited.notBefore!.getTime()).toBeGreaterThan(Date.now());
    expect(limited.nextRefreshAt!.getTime()).toBeGreaterThanOrEqual(latestLimited.notBefore!.getTime());

    expect(runOf(tick, "Sandbox Flaky Bank")).toMatchObject({ status: "succeeded" });
    expect(runOf(tick, "Sandbox Expiring Bank")).toMatchObject({ status: "succeeded" });
  });

  it("skips a connection that needs the user, and a user-started fetch still works where only automatic ones are refused", async () => {
    await h.server.control("clock", { advanceHours: 13 });
    const tick = (await h.server.control("run-scheduled-sync")) as Tick;
    expect(runOf(tick, "Sandbox MFA Bank")).toBeUndefined();
    expect(runOf(tick, "Sandbox Manual Bank")).toMatchObject({ status: "failed", error: AUTO_FETCH_UNSUPPORTED_MESSAGE });

    const manual = ids.get("sandbox-manual-bank")!;
    const requested = await fetchJournal(h.deps, h.co.accountant, manual.journals.get("Current Account")!);
    for (let i = 0; ; i++) {
      const [run] = await h.deps.db.select().from(syncRuns).where(eq(syncRuns.id, requested.runId));
      if (run?.status === "succeeded" || run?.status === "failed") {
        expect(run).toMatchObject({ status: "succeeded", trigger: "manual" });
        break;
      }
      if (i > 600) throw new Error("manual run did not finish");
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect((await stateOf("sandbox-manual-bank")).lastErrorMessage).toBeNull();
  });
});
