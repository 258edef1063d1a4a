import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildProviderAdapters, type ProviderAdapters } from "@/lib/banksync/providers/registry";
import { institutionExternalId } from "@/lib/banksync/providers/enablebanking/transform";
import type { ProviderId, StartAuthorizationInput } from "@/lib/banksync/providers/types";
import { sandboxCredentials } from "@/lib/sandbox/credentials";
import { plaidInstitutionId } from "@/lib/sandbox/plaid/institutions";
import { institutionByName } from "@/lib/sandbox/world";
import { completeHostedConsent } from "@/test/hosted-consent";
import { startSandboxServer, type SandboxServer } from "@/test/sandbox-server";

/**
 * The hosted consent pages follow the language the app passes to each provider (GoCardless
 * `user_language`, Plaid `language`, Enable Banking `language`, Salt Edge `locale`): Korean when
 * asked for Korean, today's English otherwise. Real HTTP: the adapters call the sandbox through a
 * recording relay (to see the parameter each sends), and the pages are fetched as a browser would.
 */

let server: SandboxServer;
let relay: Server;
let adapters: ProviderAdapters;
/** Every JSON body the adapters sent, by path. */
const sent: { path: string; body: Record<string, unknown> }[] = [];

beforeAll(async () => {
  server = await startSandboxServer();
  relay = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      const body = Buffer.concat(chunks);
      if (body.length > 0 && String(req.headers["content-type"]).includes("json")) sent.push({ path: req.url ?? "", body: JSON.parse(body.toString()) });
      const headers = Object.entries(req.headers).flatMap(([k, v]) => (typeof v === "string" && k !== "host" && k !== "content-length" ? [[k, v] as [string, string]] : []));
      fetch(`${server.origin}${req.url}`, { method: req.method, headers, body: body.length > 0 ? body : undefined })
        .then(async (answer) => {
          res.writeHead(answer.status, { "content-type": answer.headers.get("content-type") ?? "application/json" });
          res.end(Buffer.from(await answer.arrayBuffer()));
        })
        .catch((error: unknown) => {
          res.writeHead(502);
          res.end(String(error));
        });
    });
  });
  await new Promise<void>((resolve) => relay.listen(0, "127.0.0.1", resolve));
  adapters = buildProviderAdapters({}, `http://127.0.0.1:${(relay.address() as AddressInfo).port}/sandbox`, { sleep: async () => {}, timeoutMs: 10_000 });
});

afterAll(async () => {
  relay?.closeAllConnections();
  await new Promise<void>((resolve) => (relay ? relay.close(() => resolve()) : resolve()));
  await server?.close();
});

type Case = {
  provider: ProviderId;
  bank: string;
  country: string;
  externalId: string;
  /** The language parameter in the request that starts the provider's consent flow. */
  parameter: (call: { path: string; body: Record<string, unknown> }) => unknown;
  /** What the adapter sends for a Korean reader. */
  korean: string;
  english: string;
};

const cases: Case[] = [
  {
    provider: "gocardless",
    bank: "Sandbox Bank",
    country: "BE",
    externalId: "SANDBOX_BANK_SBXBBEBB",
    parameter: (c) => (c.path.endsWith("/requisitions/") ? c.body.user_language : undefined),
    korean: "KO",
    english: "EN",
  },
  {
    provider: "plaid",
    bank: "Sandbox US Bank",
    country: "US",
    externalId: plaidInstitutionId(institutionByName("Sandbox US Bank")!),
    parameter: (c) => (c.path.endsWith("/link/token/create") ? c.body.language : undefined),
    // Plaid Link is not translated into Korean: it opens in English rather than failing.
    korean: "en",
    english: "en",
  },
  {
    provider: "enablebanking",
    bank: "Sandbox Bank",
    country: "BE",
    externalId: institutionExternalId({ name: "Sandbox Bank", country: "BE" }),
    parameter: (c) => (c.path.endsWith("/auth") ? c.body.language : undefined),
    korean: "ko",
    english: "en",
  },
  {
    provider: "saltedge",
    // The bank that asks for a one-time code: its code page is seen too.
    bank: "Sandbox MFA Bank",
    country: "BE",
    externalId: "sandbox_mfa_bank_be",
    parameter: (c) => (c.path.endsWith("/connections/connect") ? (c.body.data as { attempt?: { locale?: unknown } } | undefined)?.attempt?.locale : undefined),
    korean: "ko",
    english: "en",
  },
];

async function start(c: Case, language: string): Promise<{ url: string; parameter: unknown }> {
  const from = sent.length;
  const input: StartAuthorizationInput = {
    institution: { externalId: c.externalId, country: c.country, name: c.bank },
    redirectUrl: "http://127.0.0.1:9/callback?from=test",
    state: `state-${c.provider}-${language}`,
    language,
    psuType: "business",
    historyDays: 90,
    consentDays: 90,
    clientUserId: `company-${language}`,
    existing: null,
  };
  const started = await adapters[c.provider]!.startAuthorization(input);
  const parameters = sent.slice(from).map(c.parameter).filter((p) => p !== undefined);
  expect(parameters, `${c.provider}: the request that starts the flow`).toHaveLength(1);
  return { url: started.url, parameter: parameters[0] };
}

async function page(url: string, form?: Record<string, string>): Promise<string> {
  const response = await fetch(url, form ? { method: "POST", body: new URLSearchParams(form), redirect: "manual" } : {});
  expect(response.status, await response.clone().text()).toBe(200);
  return response.text();
}

const login = { username: "user_good", password: "pass_good", action: "continue" };

/** Today's English pages, word for word (SANDBOX.md's labels, the e2e tests click them). */
const englishLogin = `<form method="post"><h1>Log in to your bank</h1>
<label for="username">Username</label><input id="username" name="username" type="text" autocomplete="off">
<label for="password">Password</label><input id="password" name="password" type="password">
<div class="actions"><button type="submit" name="action" value="cancel" formnovalidate>Cancel</button><button type="submit" name="action" value="continue">Continue</button></div></form>`;
const englishCode = `<form method="post"><h1>Confirm it is you</h1><p>Enter the code we sent to your phone.</p>
<label for="code">Verification code</label><input id="code" name="code" type="text" inputmode="numeric" autocomplete="one-time-code">
<div class="actions"><button type="submit" name="action" value="cancel" formnovalidate>Cancel</button><button type="submit" name="action" value="continue">Continue</button></div></form>`;
const englishConsent = `<div class="check"><input id="consent" name="consent" value="yes" type="checkbox"><label for="consent">I consent to share my account information</label></div>
<div class="actions"><button type="submit" name="action" value="cancel" formnovalidate>Cancel</button><button type="submit" name="action" value="allow">Allow</button></div></form>`;

describe.each(cases)("the $provider hosted pages", (c) => {
  it("are today's English pages when the app asks for English", async () => {
    const { url, parameter } = await start(c, "en");
    expect(parameter).toBe(c.english);

    const first = await page(url);
    expect(first).toContain('<html lang="en">');
    expect(first).toContain(`<title>${c.bank} · sandbox consent</title>`);
    expect(first).toContain(`<small>Sandbox · ${c.provider}</small>`);
    expect(first).toContain(englishLogin);
    expect(await page(url, { ...login, password: "nope" })).toContain('<p class="error" role="alert">Invalid username or password.</p>');

    let next = await page(url, login);
    if (c.bank === "Sandbox MFA Bank") {
      expect(next).toContain(englishCode);
      expect(await page(url, { code: "000000", action: "continue" })).toContain('<p class="error" role="alert">The verification code is incorrect. Try again.</p>');
      next = await page(url, { code: "123456", action: "continue" });
    }
    expect(next).toContain('<form method="post"><h1>Choose the accounts to share</h1>\n<fieldset><legend>Accounts</legend>');
    expect(next).toContain(englishConsent);
    expect(await page(url, { action: "allow" })).toContain('<p class="error" role="alert">Tick “I consent to share my account information” to continue.</p>');

    await completeHostedConsent(url);
    expect(await page(url)).toContain("<p>This consent session has ended. You can close this window.</p>");
  });

  it(c.provider === "plaid" ? "stay English for a Korean reader: Plaid Link has no Korean" : "are Korean when the app asks for Korean", async () => {
    const { url, parameter } = await start(c, "ko");
    expect(parameter).toBe(c.korean);
    const first = await page(url);
    if (c.provider === "plaid") {
      expect(first).toContain('<html lang="en">');
      expect(first).toContain(englishLogin);
      return;
    }
    expectKoreanPages(c, first);
    await expectKoreanSteps(c, url);
  });
});

function expectKoreanPages(c: Case, first: string) {
  expect(first).toContain('<html lang="ko">');
  expect(first).toContain(`<title>${c.bank} · 샌드박스 동의</title>`);
  expect(first).toContain(`<small>샌드박스 · ${c.provider}</small>`);
  expect(first).toContain("<h1>은행에 로그인하세요</h1>");
  expect(first).toContain('<label for="username">아이디</label>');
  expect(first).toContain('<label for="password">비밀번호</label>');
  expect(first).toContain('<button type="submit" name="action" value="cancel" formnovalidate>취소</button><button type="submit" name="action" value="continue">계속</button>');
  expect(first).not.toMatch(/Username|Password|Continue|Cancel|Log in/);
}

async function expectKoreanSteps(c: Case, url: string) {
  expect(await page(url, { ...login, password: "nope" })).toContain('<p class="error" role="alert">아이디 또는 비밀번호가 올바르지 않습니다.</p>');
  let next = await page(url, login);
  if (c.bank === "Sandbox MFA Bank") {
    expect(next).toContain("<h1>본인 확인</h1><p>휴대폰으로 보낸 인증번호를 입력하세요.</p>");
    expect(next).toContain('<label for="code">인증번호</label>');
    expect(await page(url, { code: "000000", action: "continue" })).toContain('<p class="error" role="alert">인증번호가 올바르지 않습니다. 다시 입력하세요.</p>');
    next = await page(url, { code: "123456", action: "continue" });
  }
  expect(next).toContain("<h1>공유할 계좌를 선택하세요</h1>\n<fieldset><legend>계좌</legend>");
  // The accounts keep the bank's names.
  for (const account of institutionByName(c.bank)!.accounts) expect(next).toContain(`>${account.name}</label>`);
  expect(next).toContain('<label for="consent">내 계좌 정보 공유에 동의합니다</label>');
  expect(next).toContain('<button type="submit" name="action" value="allow">허용</button>');
  expect(next).not.toMatch(/Accounts|Allow|consent to share/);
  expect(await page(url, { action: "allow" })).toContain('<p class="error" role="alert">계속하려면 “내 계좌 정보 공유에 동의합니다”에 체크하세요.</p>');

  const back = await completeHostedConsent(url);
  expect(back.searchParams.get("error")).toBeNull();
  const ended = await page(url);
  expect(ended).toContain('<html lang="ko">');
  expect(ended).toContain("<p>동의 절차가 종료되었습니다. 이 창을 닫으셔도 됩니다.</p>");
}

describe("the hosted pages of a flow started at the provider's API", () => {
  it("show Plaid's page in Korean when Link is asked for Korean", async () => {
    const answer = await fetch(`${server.sandboxUrl}/plaid/link/token/create`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({
        client_id: sandboxCredentials.plaid.clientId,
        secret: sandboxCredentials.plaid.secret,
        client_name: "Banksync",
        language: "ko",
        country_codes: ["US"],
        user: { client_user_id: "company-ko" },
        products: ["transactions"],
        institution_id: plaidInstitutionId(institutionByName("Sandbox US Bank")!),
        hosted_link: { completion_redirect_uri: "http://127.0.0.1:9/done" },
      }),
    });
    const { hosted_link_url: url } = (await answer.json()) as { hosted_link_url: string };
    const first = await page(url);
    expectKoreanPages(cases[1]!, first);
    await expectKoreanSteps(cases[1]!, url);
  });

  it("are English for a language they are not written in", async () => {
    const { url, parameter } = await start(cases[0]!, "de");
    expect(parameter).toBe("DE");
    const first = await page(url);
    expect(first).toContain('<html lang="en">');
    expect(first).toContain(englishLogin);
  });

  it("answer an unknown link in the browser's language", async () => {
    const unknown = `${server.sandboxUrl}/gocardless/hosted/00000000-0000-4000-8000-000000000000`;
    const english = await fetch(unknown, { headers: { "accept-language": "en-GB,en;q=0.9" } });
    expect(english.status).toBe(404);
    expect(await english.text()).toBe("This consent link is not valid.");
    expect(await (await fetch(unknown)).text()).toBe("This consent link is not valid.");
    const korean = await fetch(unknown, { headers: { "accept-language": "ko-KR,ko;q=0.9,en;q=0.8" } });
    expect(korean.status).toBe(404);
    expect(await korean.text()).toBe("유효하지 않은 동의 링크입니다.");
  });
});
