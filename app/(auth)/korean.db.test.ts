import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { idle } from "@/lib/form-state";
import { beginRequest } from "@/test/authorization/request-context";
import { drivers, freshDatabase } from "@/test/databases";
import { say } from "@/test/i18n";

/*
 * A Korean browser on a new installation: set-up and sign-in answer in Korean, through the real
 * actions on a real database; only the request's headers stand in for Next's.
 */
vi.hoisted(() => {
  process.env.AUTH_SECRET = "korean-flow-auth-secret-".padEnd(48, "a");
  process.env.APP_SECRET = "korean-flow-app-secret-".padEnd(48, "b");
  process.env.LOG_LEVEL = "silent";
  delete process.env.APP_URL;
});
vi.mock("server-only", () => ({}));
vi.mock("next/headers", async () => {
  const request = await import("@/test/authorization/request-context");
  return { headers: async () => request.requestHeaders(), cookies: async () => request.requestCookies() };
});
vi.mock("next/server", async (importOriginal) => ({ ...(await importOriginal<object>()), connection: async () => {} }));

const { createAccount } = await import("./setup/actions");
const { logIn } = await import("./login/actions");

const form = (fields: Record<string, string>) => {
  const data = new FormData();
  for (const [name, value] of Object.entries(fields)) data.set(name, value);
  return data;
};
const korean = () => beginRequest({}, { "accept-language": "ko-KR,ko;q=0.9,en;q=0.5" });
const holder = globalThis as unknown as Record<symbol, unknown>;

describe.each(drivers)("set-up and sign-in for a Korean browser on %s", (driver) => {
  let close: () => Promise<void>;

  beforeAll(async () => {
    const database = await freshDatabase(driver);
    holder[Symbol.for("banksync.database")] = { database, ready: Promise.resolve() };
    close = () => database.close();
  });

  afterAll(async () => {
    delete holder[Symbol.for("banksync.database")];
    await close?.();
  });

  it("says the set-up form's errors in Korean, and English to an English browser", async () => {
    const bad = { companyName: " ", country: "XX", currency: "EUR", email: "not-an-email", password: "short" };
    korean();
    const answer = await createAccount(idle, form(bad));
    expect(answer.fieldErrors).toEqual({
      companyName: [say("Validation.enterCompanyName", "ko")],
      country: [say("Validation.chooseCountry", "ko")],
      email: ["올바른 이메일 주소를 입력하세요."],
      password: ["비밀번호는 10자 이상이어야 합니다."],
    });
    beginRequest({}, { "accept-language": "en-GB" });
    expect((await createAccount(idle, form(bad))).fieldErrors?.password).toEqual(["A password has at least 10 characters."]);
  });

  it("creates the company, then answers a wrong password and empty fields in Korean", async () => {
    korean();
    // A right set-up ends by signing in, which redirects (thrown, as Next expects).
    await expect(createAccount(idle, form({ companyName: "서울 상사", country: "KR", currency: "KRW", email: "admin@example.kr", password: "a long enough password" }))).rejects.toThrow(
      /NEXT_REDIRECT/,
    );
    korean();
    expect(await logIn(idle, form({ email: "admin@example.kr", password: "not the password" }))).toMatchObject({
      status: "error",
      message: "이메일 또는 비밀번호가 올바르지 않습니다.",
    });
    expect((await logIn(idle, form({ email: "", password: "" }))).fieldErrors).toEqual({
      email: ["이메일 주소를 입력하세요."],
      password: ["비밀번호를 입력하세요."],
    });
  });

  it("says how long a lock lasts in either language", () => {
    expect(say({ key: "Login.locked", values: { minutes: 15 } })).toBe("Too many failed sign-in attempts. Wait 15 minutes, then try again.");
    expect(say({ key: "Login.locked", values: { minutes: 1 } })).toBe("Too many failed sign-in attempts. Wait 1 minute, then try again.");
    expect(say({ key: "Login.locked", values: { minutes: 15 } }, "ko")).toBe("로그인 실패 횟수가 너무 많습니다. 15분 후에 다시 시도하세요.");
  });
});
