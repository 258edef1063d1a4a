import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "@/db/client";
import { connectionMessages, connections, institutions } from "@/db/schema";
import { drivers, freshDatabase } from "@/test/databases";
import { companyWithUsers } from "@/test/fixtures";
import { sayStored } from "@/test/stored-text";
import { setAutoSync } from "./connection-settings";
import { ForbiddenError, NotFoundError } from "./errors";

describe.each(drivers)("automatic synchronization switch on %s", (driver) => {
  let database: Database;
  let co: Awaited<ReturnType<typeof companyWithUsers>>;
  let other: Awaited<ReturnType<typeof companyWithUsers>>;
  let connectionId: string;

  beforeAll(async () => {
    database = await freshDatabase(driver);
    co = await companyWithUsers(database.db, "Switch Co");
    other = await companyWithUsers(database.db, "Other Co");
    const [institution] = await database.db
      .insert(institutions)
      .values({ name: "Sandbox Manual Bank", country: "BE", searchText: "sandbox manual bank" })
      .returning({ id: institutions.id });
    const [connection] = await database.db
      .insert(connections)
      .values({ companyId: co.companyId, institutionId: institution!.id, provider: "saltedge", externalRef: "conn-1", clientId: "client-1", secret: "sealed" })
      .returning({ id: connections.id });
    connectionId = connection!.id;
  });
  afterAll(() => database?.close());

  const autoSync = async () => (await database.db.select({ autoSync: connections.autoSync }).from(connections).where(eq(connections.id, connectionId)))[0]!.autoSync;
  const log = () => database.db.select({ text: connectionMessages.text, authorId: connectionMessages.authorId }).from(connectionMessages).where(eq(connectionMessages.connectionId, connectionId));

  it("turns automatic synchronization off and on, writing each change to the connection's log once", async () => {
    expect(await autoSync()).toBe(true);
    expect(await setAutoSync(database.db, co.accountant, connectionId, false)).toEqual({ changed: true });
    expect(await autoSync()).toBe(false);
    expect(await setAutoSync(database.db, co.admin, connectionId, false)).toEqual({ changed: false });
    expect((await log()).map((m) => ({ ...m, text: sayStored(m.text) }))).toEqual([
      { text: "Automatic synchronization disabled: use “Fetch Transactions” to synchronize.", authorId: co.accountant.userId },
    ]);
    expect((await log()).map((m) => sayStored(m.text, "ko"))).toEqual(["자동 동기화를 껐습니다. 동기화하려면 “거래 가져오기”를 사용하세요."]);

    expect(await setAutoSync(database.db, co.admin, connectionId, true)).toEqual({ changed: true });
    expect(await autoSync()).toBe(true);
    expect((await log()).map((m) => sayStored(m.text))).toContain("Automatic synchronization enabled.");
    expect(await log()).toHaveLength(2);
  });

  it("refuses viewers, and another company's connection is not found", async () => {
    await expect(setAutoSync(database.db, co.viewer, connectionId, false)).rejects.toThrow(ForbiddenError);
    await expect(setAutoSync(database.db, other.admin, connectionId, false)).rejects.toThrow(NotFoundError);
    await expect(setAutoSync(database.db, co.admin, "not-a-uuid", false)).rejects.toThrow(NotFoundError);
    expect(await autoSync()).toBe(true);
  });
});
