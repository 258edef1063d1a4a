import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "@/db/client";
import { drivers, freshDatabase } from "@/test/databases";
import { getCompany } from "./banksync/companies";
import { checkCredentials, listUsers, loadSessionUser } from "./banksync/users";
import { seedFromEnv } from "./seed";

describe.each(drivers)("headless seed on %s", (driver) => {
  let database: Database;
  beforeAll(async () => {
    database = await freshDatabase(driver);
  });
  afterAll(() => database?.close());

  it("refuses bad values, naming the variable, and writes nothing", async () => {
    await expect(seedFromEnv(database.db, { ADMIN_EMAIL: "nope", ADMIN_PASSWORD: "short" })).rejects.toThrow(/ADMIN_EMAIL.*ADMIN_PASSWORD/);
    expect(await checkCredentials(database.db, "nope", "short")).toBeNull();
  });

  it("creates the company and its admin once, who can then sign in", async () => {
    const env = {
      ADMIN_EMAIL: "Boss@Example.com",
      ADMIN_PASSWORD: "a long enough password",
      COMPANY_NAME: "Seeded Co",
      COMPANY_COUNTRY: "KR",
      COMPANY_CURRENCY: "KRW",
    };
    expect(await seedFromEnv(database.db, env)).toBe("seeded");
    expect(await seedFromEnv(database.db, env)).toBe("skipped");
    const user = await checkCredentials(database.db, "boss@example.com", "a long enough password");
    expect(user).not.toBeNull();
    expect(await checkCredentials(database.db, "boss@example.com", "wrong password!")).toBeNull();
    const session = await loadSessionUser(database.db, user!.id);
    const actor = { userId: user!.id, companyId: session!.memberships[0]!.companyId, role: session!.memberships[0]!.role };
    expect(actor.role).toBe("admin");
    expect(await getCompany(database.db, actor)).toMatchObject({ name: "Seeded Co", country: "KR", currency: "KRW" });
    expect((await listUsers(database.db, actor)).map((u) => u.email)).toEqual(["boss@example.com"]);
  });
});
