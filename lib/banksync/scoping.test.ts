import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "@/db/client";
import { bankAccounts, journals, statementLines } from "@/db/schema";
import { drivers, freshDatabase } from "@/test/databases";
import { companyWithUsers } from "@/test/fixtures";
import { addManualBankAccount } from "./bank-accounts";
import { getCompany, setLockEverythingDate } from "./companies";
import { ForbiddenError, NotFoundError, ValidationError } from "./errors";
import { getJournal, listJournalCards, listStatementLines } from "./journals";
import { addManualLine, deleteStatementLine } from "./statement-lines";
import { addUser, listUsers } from "./users";
import { say } from "@/test/i18n";

describe.each(drivers)("company scoping on %s", (driver) => {
  let database: Database;
  let a: Awaited<ReturnType<typeof companyWithUsers>>;
  let b: Awaited<ReturnType<typeof companyWithUsers>>;
  let journalOfB: string;
  let lineOfB: string;

  beforeAll(async () => {
    database = await freshDatabase(driver);
    a = await companyWithUsers(database.db, "Alpha");
    b = await companyWithUsers(database.db, "Beta");
    ({ journalId: journalOfB } = await addManualBankAccount(database.db, b.admin, { accountNumber: "BE68 5390 0754 7034" }));
    ({ lineId: lineOfB } = await addManualLine(database.db, b.accountant, journalOfB, { date: "2026-03-01", label: "Rent", amount: "-900" }));
  });
  afterAll(() => database?.close());

  it("a user of A cannot read B's journal, its lines or its card", async () => {
    await expect(getJournal(database.db, a.admin, journalOfB)).rejects.toThrow(NotFoundError);
    await expect(listStatementLines(database.db, a.admin, journalOfB, { page: 1, pageSize: 10 })).rejects.toThrow(NotFoundError);
    expect(await listJournalCards(database.db, a.admin, "2026-03-02")).toEqual([]);
    const bCards = await listJournalCards(database.db, b.viewer, "2026-03-02");
    expect(bCards.map((c) => [c.name, c.balanceMinor, c.toReconcile])).toEqual([["BE68 5390 0754 7034", -90000n, 1]]);
  });

  it("a user of A cannot add a line to, or delete a line of, B's journal", async () => {
    await expect(addManualLine(database.db, a.admin, journalOfB, { date: "2026-03-02", label: "x", amount: "1" })).rejects.toThrow(NotFoundError);
    await expect(deleteStatementLine(database.db, a.admin, lineOfB)).rejects.toThrow(NotFoundError);
    const lines = await database.db.select().from(statementLines).where(eq(statementLines.journalId, journalOfB));
    expect(lines).toHaveLength(1);
  });

  it("A's lock date and users are A's alone", async () => {
    await setLockEverythingDate(database.db, a.admin, "2026-12-31");
    expect((await getCompany(database.db, b.admin)).lockEverythingDate).toBeNull();
    expect((await listUsers(database.db, a.admin)).map((u) => u.email)).not.toContain("admin@beta.test");
    await setLockEverythingDate(database.db, a.admin, null);
  });

  it("a malformed or unknown id answers not found, never a database error", async () => {
    await expect(getJournal(database.db, a.admin, "'; drop table journals; --")).rejects.toThrow(NotFoundError);
    await expect(getJournal(database.db, a.admin, "00000000-0000-0000-0000-000000000000")).rejects.toThrow(NotFoundError);
  });

  it("viewers read but cannot write; only admins manage users and lock dates", async () => {
    await expect(addManualBankAccount(database.db, a.viewer, { accountNumber: "123-4567890-12" })).rejects.toThrow(ForbiddenError);
    await expect(addManualLine(database.db, b.viewer, journalOfB, { date: "2026-03-02", label: "x", amount: "1" })).rejects.toThrow(ForbiddenError);
    await expect(deleteStatementLine(database.db, b.viewer, lineOfB)).rejects.toThrow(ForbiddenError);
    await expect(setLockEverythingDate(database.db, b.accountant, "2026-01-01")).rejects.toThrow(ForbiddenError);
    await expect(addUser(database.db, b.accountant, { email: "new@beta.test", password: "long enough pw", role: "viewer" })).rejects.toThrow(
      ForbiddenError,
    );
    expect(await database.db.select().from(bankAccounts).where(eq(bankAccounts.companyId, a.companyId))).toEqual([]);
  });

  it("the same account number twice in a company is refused on the field, but another company may hold it", async () => {
    const error = await addManualBankAccount(database.db, b.admin, { accountNumber: "be68539007547034" }).catch((e) => e);
    expect(error).toBeInstanceOf(ValidationError);
    expect(say((error as ValidationError).fieldErrors.accountNumber![0]!)).toMatch(/already exists/);
    await expect(addManualBankAccount(database.db, a.admin, { accountNumber: "BE68539007547034" })).resolves.toHaveProperty("journalId");
  });

  it("a bad IBAN or BIC writes nothing", async () => {
    const before = await database.db.select().from(journals);
    const error = await addManualBankAccount(database.db, a.admin, { accountNumber: "BE68539007547035", bic: "NOTABIC" }).catch((e) => e);
    expect((error as ValidationError).fieldErrors).toMatchObject({ accountNumber: [{ key: expect.any(String) }], bic: [{ key: expect.any(String) }] });
    expect(await database.db.select().from(journals)).toHaveLength(before.length);
  });
});
