import { expect, test, type APIRequestContext, type BrowserContext, type Page } from "@playwright/test";
import { admin, authorizedAccounts, consent, journalCard, openAddBankAccount, signIn, waitForCatalog } from "./helpers";

// Runs after foundation.spec.ts. Security headers on every kind of page and route, the cookies'
// flags, and provider data as untrusted: a bank no other spec uses (only GoCardless serves it) is
// renamed with markup and gives its names back at the end. The sandbox clock is not moved.
test.describe.configure({ mode: "serial" });

const BANK = "Royal Brno Landbank 7";
const ACCOUNT = "Current Account";
const payloads = ["<img src=x onerror=alert(1)>", "<script>alert(1)</script>", '"><svg onload=alert(1)>', '<a href="javascript:alert(1)">pay</a>'];
const bankName = `XSS Test Bank ${payloads[0]} ${payloads[2]} ${payloads[1]}`;
const accountName = `XSS ${payloads[0]}${payloads[2]}`;

// What every test records in every page and pop-up of its browser context; empty at its end.
let dialogs: string[] = [];
let violations: string[] = [];
let documents: { url: string; status: number; headers: Record<string, string> }[] = [];

test.beforeEach(async ({ context }) => {
  dialogs = [];
  violations = [];
  documents = [];
  await watch(context);
});

test.afterEach(() => {
  expect(dialogs, "dialogs opened").toEqual([]);
  expect(violations, "Content-Security-Policy violations").toEqual([]);
});

async function watch(context: BrowserContext) {
  context.on("dialog", (dialog) => {
    dialogs.push(dialog.message());
    void dialog.dismiss();
  });
  context.on("console", (message) => {
    if (/Content[ -]Security[ -]Policy/i.test(message.text())) violations.push(message.text());
  });
  context.on("response", (response) => {
    if (response.request().resourceType() === "document") documents.push({ url: response.url(), status: response.status(), headers: response.headers() });
  });
  await context.exposeBinding("__reportCspViolation", (_source, text: string) => {
    violations.push(text);
  });
  await context.addInitScript(() => {
    document.addEventListener("securitypolicyviolation", (event) => {
      const report = (window as unknown as { __reportCspViolation: (text: string) => void }).__reportCspViolation;
      void report(`${location.pathname}: ${event.violatedDirective} blocked ${event.blockedURI}`);
    });
  });
}

/** A policy's directives by name. */
function directives(policy: string | undefined): Map<string, string[]> {
  expect(policy, "a Content-Security-Policy").toBeTruthy();
  return new Map(policy!.split(";").map((d) => d.trim().split(/\s+/)).map(([name, ...sources]) => [name!.toLowerCase(), sources]));
}

function expectCommonHeaders(headers: Record<string, string>, what: string) {
  expect(headers["x-content-type-options"], what).toBe("nosniff");
  expect(headers["x-frame-options"], what).toBe("DENY");
  expect(headers["referrer-policy"], what).toBe("strict-origin-when-cross-origin");
  expect(headers["permissions-policy"], what).toContain("camera=()");
}

/** A page: scripts only by this response's nonce, nothing inline, no plug-ins, no framing. Answers the nonce. */
function expectPageHeaders(headers: Record<string, string>, what: string): string {
  expectCommonHeaders(headers, what);
  const csp = directives(headers["content-security-policy"]);
  const scripts = csp.get("script-src") ?? [];
  expect(scripts, what).toContain("'strict-dynamic'");
  expect(scripts, what).not.toContain("'unsafe-inline'");
  expect(scripts.filter((s) => s.startsWith("'nonce-")), what).toHaveLength(1);
  expect(csp.get("frame-ancestors"), what).toEqual(["'none'"]);
  expect(csp.get("object-src"), what).toEqual(["'none'"]);
  expect(csp.get("base-uri"), what).toEqual(["'self'"]);
  expect(csp.get("form-action"), what).toEqual(["'self'"]);
  return scripts.find((s) => s.startsWith("'nonce-"))!.slice("'nonce-".length, -1);
}

/** An API route or a sandbox page: no script at all. */
function expectNoScriptHeaders(headers: Record<string, string>, what: string) {
  expectCommonHeaders(headers, what);
  const csp = directives(headers["content-security-policy"]);
  expect(csp.get("default-src"), what).toEqual(["'none'"]);
  expect(csp.has("script-src"), what).toBe(false);
  expect(csp.get("frame-ancestors"), what).toEqual(["'none'"]);
}

/** Every document the browser loaded: the headers of its kind (redirects carry the common ones). */
function expectDocumentHeaders() {
  expect(documents.length).toBeGreaterThan(0);
  for (const { url, status, headers } of documents) {
    const { pathname } = new URL(url);
    const what = `${status} ${pathname}`;
    if (status >= 300 && status < 400) expectCommonHeaders(headers, what);
    else if (/^\/(api|sandbox)\//.test(pathname)) expectNoScriptHeaders(headers, what);
    else expectPageHeaders(headers, what);
  }
}

/** Markup from provider data that became elements: event-handler attributes, javascript: URLs, injected scripts or images. */
async function injected(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const found: string[] = [];
    for (const element of document.querySelectorAll("*")) {
      for (const name of element.getAttributeNames()) {
        const value = element.getAttribute(name) ?? "";
        if (/^on/i.test(name)) found.push(`<${element.tagName} ${name}>`);
        // React's own stand-in action of a form bound to a server action is the one javascript: URL allowed.
        const reactForm = name === "action" && value.startsWith("javascript:throw new Error('A React form was unexpectedly submitted.");
        if (/^\s*javascript:/i.test(value) && !reactForm) found.push(`<${element.tagName} ${name}="${value}">`);
      }
      if (element.tagName === "IMG" && element.getAttribute("src") === "x") found.push("<img src=x>");
      if (element.tagName === "SCRIPT" && element.textContent?.trim() === "alert(1)") found.push("<script>alert(1)</script>");
    }
    return found;
  });
}

async function expectInert(page: Page) {
  expect(await injected(page), `injected markup on ${page.url()}`).toEqual([]);
}

async function control(request: APIRequestContext, call: string, data: unknown) {
  const response = await request.post(`/sandbox/control/${call}`, { data });
  expect(response.status(), await response.text()).toBe(200);
  return (await response.json()) as Record<string, unknown>;
}

test.afterAll(async ({ request }) => {
  // The bank's own names back, in the sandbox and in the catalog.
  await control(request, "rename", { institution: BANK, name: null, logo: null, account: ACCOUNT, accountName: null });
});

test("pages, the sign-in and set-up pages, API routes and the sandbox send the security headers; scripts run by nonce only", async ({ page, playwright, baseURL }) => {
  const anonymous = await playwright.request.newContext({ baseURL });
  // Signed out: the sign-in page, twice, each with a nonce of its own that every script of the page carries.
  const nonces = [];
  for (let i = 0; i < 2; i++) {
    const login = await anonymous.get("/login");
    expect(login.status()).toBe(200);
    const nonce = expectPageHeaders(login.headers(), "/login");
    const html = await login.text();
    const scripts = html.match(/<script\b[^>]*>/g) ?? [];
    expect(scripts.length).toBeGreaterThan(0);
    for (const tag of scripts) expect(tag).toContain(`nonce="${nonce}"`);
    nonces.push(nonce);
  }
  expect(nonces[0]).not.toBe(nonces[1]);
  const setup = await anonymous.get("/setup", { maxRedirects: 0 });
  expectPageHeaders(setup.headers(), "/setup");
  // No HSTS over plain http; over https (a TLS-terminating proxy says so) HSTS and upgraded requests.
  expect((await anonymous.get("/login")).headers()["strict-transport-security"]).toBeUndefined();
  const secure = await anonymous.get("/login", { headers: { "x-forwarded-proto": "https" } });
  expect(secure.headers()["strict-transport-security"]).toMatch(/^max-age=\d{7,}/);
  expect(directives(secure.headers()["content-security-policy"]).has("upgrade-insecure-requests")).toBe(true);
  expect((await anonymous.get("/api/auth/session", { headers: { "x-forwarded-proto": "https" } })).headers()["strict-transport-security"]).toMatch(/^max-age=/);

  for (const [method, path] of [
    ["GET", "/api/auth/session"],
    ["GET", "/api/auth/csrf"],
    ["GET", "/api/institutions/search?q=Sandbox&country=all"],
    ["GET", "/api/developer-mode?enabled=0"],
    ["GET", "/sandbox/gocardless/api/v2/institutions/?country=BE"],
    ["POST", "/sandbox/control/nothing"],
  ] as const) {
    const response = await anonymous.fetch(path, { method, maxRedirects: 0 });
    expectNoScriptHeaders(response.headers(), `${method} ${path} (${response.status()})`);
  }
  await anonymous.dispose();

  // In the browser: the sign-in page hydrates under its policy, then every page of the app.
  await signIn(page);
  for (const path of ["/", "/settings/lock-dates", "/settings/users", "/connect/done?refused=invalid"]) {
    const response = await page.goto(path);
    expect(response?.status(), path).toBe(200);
  }
  await expect(page.getByText("This connection link is not valid.")).toBeVisible();
  expectDocumentHeaders();
});

test("cookies: HttpOnly and SameSite always, Secure with __Secure-/__Host- names when the request came over https", async ({ page, context, playwright, baseURL }) => {
  await signIn(page);
  const cookies = await context.cookies();
  expect(cookies.map((c) => c.name)).toContain("authjs.session-token");
  for (const cookie of cookies) {
    expect(cookie.httpOnly, cookie.name).toBe(true);
    expect(["Lax", "Strict"], cookie.name).toContain(cookie.sameSite);
  }

  const api = await playwright.request.newContext({ baseURL });
  const https = { "x-forwarded-proto": "https" };
  /** The Set-Cookie lines of a response, each checked: Secure, HttpOnly, SameSite, a secure name prefix. */
  const secureCookies = (lines: { name: string; value: string }[]) => {
    const set = lines.filter((h) => h.name.toLowerCase() === "set-cookie").map((h) => h.value);
    expect(set.length).toBeGreaterThan(0);
    for (const line of set) {
      expect(line).toMatch(/^__(Secure|Host)-/);
      expect(line).toMatch(/;\s*Secure/i);
      expect(line).toMatch(/;\s*HttpOnly/i);
      expect(line).toMatch(/;\s*SameSite=(Lax|Strict)/i);
    }
    return set.map((line) => line.split(";")[0]!);
  };
  const csrf = await api.get("/api/auth/csrf", { headers: https });
  const csrfCookies = secureCookies(csrf.headersArray());
  const { csrfToken } = (await csrf.json()) as { csrfToken: string };
  const signedIn = await api.post("/api/auth/callback/credentials", {
    headers: { ...https, cookie: csrfCookies.join("; ") },
    form: { csrfToken, email: admin.email, password: admin.password, callbackUrl: "/" },
    maxRedirects: 0,
  });
  expect(signedIn.status()).toBe(302);
  expect(secureCookies(signedIn.headersArray()).map((c) => c.split("=")[0])).toContain("__Secure-authjs.session-token");

  // Over plain http the same cookies, not Secure (the browser would drop them), still HttpOnly and SameSite.
  const plain = await api.get("/api/auth/csrf");
  const plainLines = plain.headersArray().filter((h) => h.name.toLowerCase() === "set-cookie");
  expect(plainLines.length).toBeGreaterThan(0);
  for (const { value } of plainLines) {
    expect(value).toMatch(/;\s*HttpOnly/i);
    expect(value).toMatch(/;\s*SameSite=(Lax|Strict)/i);
  }
  await api.dispose();
});

test("provider data is text: markup in a bank's name and logo, an account's name and transaction labels runs nowhere", async ({ page, request }) => {
  test.setTimeout(120_000);
  const { now } = await control(request, "clock", { advanceHours: 0 });
  const yesterday = new Date(Date.parse(now as string) - 86_400_000).toISOString().slice(0, 10);
  for (const [i, description] of payloads.entries()) {
    await control(request, "transactions", { institution: BANK, account: ACCOUNT, date: yesterday, amount: `-${i + 1}.00`, description, status: "posted" });
  }
  const renamed = await control(request, "rename", { institution: BANK, name: bankName, logo: "javascript:alert(1)", account: ACCOUNT, accountName });
  expect(renamed.catalog).toMatchObject({ failures: [] });

  await signIn(page);
  await waitForCatalog(page);
  const dialog = await openAddBankAccount(page);
  await dialog.getByLabel("Country").selectOption("BE");
  await dialog.getByRole("combobox", { name: "Search" }).fill("XSS Test Bank");
  const option = dialog.getByRole("listbox", { name: "Institutions" }).getByRole("option").filter({ hasText: "XSS Test Bank" });
  await expect(option).toHaveCount(1);
  await expect(option).toContainText(bankName);
  await expectInert(page);
  await option.click();
  await expect(dialog.getByText("Provider: GoCardless")).toBeVisible();
  await expectInert(page);

  const [popup] = await Promise.all([page.waitForEvent("popup"), dialog.getByRole("button", { name: "Connect" }).click()]);
  // The provider's consent page (the sandbox's, on this origin) shows the names as text too.
  await expect(popup.getByLabel("Username")).toBeVisible();
  await expect(popup.getByText(bankName, { exact: true })).toBeVisible();
  await expectInert(popup);
  await consent(popup);
  await popup.waitForEvent("close");

  const [account] = await authorizedAccounts(dialog);
  expect(account?.name).toBe(accountName);
  await expectInert(page);
  await dialog.getByRole("button", { name: "Synchronize" }).click();
  await expect(dialog).toBeHidden();
  const card = journalCard(page, account!.number);
  await expect(card.getByRole("heading", { name: accountName })).toBeVisible();
  await expect(card.getByTestId("journal-bank")).toContainText(`${bankName} via GoCardless`);
  await expect(card.getByTestId("journal-sync-status")).toHaveText(/^\d+ transactions fetched$/, { timeout: 60_000 });
  await expectInert(page);

  // The labels, in the journal's lines.
  await card.getByRole("link", { name: /transactions fetched/ }).click();
  await expect(page.getByRole("heading", { name: accountName, level: 1 })).toBeVisible();
  for (const label of payloads) await expect(page.getByRole("table").getByText(label, { exact: true })).toBeVisible();
  await expectInert(page);

  // The connection's pages (developer mode), then developer mode off again as the other specs expect it.
  await page.goto("/configuration/online-synchronization?debug=1");
  await page.getByRole("table", { name: "Bank connections" }).getByRole("link", { name: bankName, exact: true }).click();
  await expect(page.getByRole("heading", { name: bankName, level: 1 })).toBeVisible();
  await expect(page.getByLabel(`Journal of ${accountName}`)).toBeVisible();
  await expectInert(page);
  await page.goto("/?debug=0");
  await expect(page.getByRole("link", { name: "Online Synchronization" })).toHaveCount(0);

  // Every document on the way, the consent pop-up's too, had the headers of its kind.
  expect(documents.some((d) => new URL(d.url).pathname.startsWith("/sandbox/gocardless/hosted/"))).toBe(true);
  expect(documents.some((d) => new URL(d.url).pathname === "/connect/done")).toBe(true);
  expectDocumentHeaders();
});
