import { randomUUID } from "node:crypto";
import { createTranslator, type Messages } from "next-intl";
import { languageOf, resolveLocale, type Language } from "@/i18n/config";
import { messagesFor } from "@/i18n/messages";
import type { ProviderId } from "@/lib/banksync/providers/types";
import { getObject, putObject } from "./store";
import type { ProviderSandbox, SandboxContext } from "./types";
import { institutionByKey, type WorldInstitution } from "./world";

/**
 * The providers' hosted consent pages (SANDBOX.md, "Logging in at a sandbox bank"): one step per
 * page — login, a one-time code at banks that ask for one, then the accounts and the consent. The
 * same pages serve every provider; each provider decides where Allow and Cancel lead. They speak
 * the language the provider was asked for (the catalog's Sandbox namespace, English by default).
 */

export const SANDBOX_USERNAME = "user_good";
export const SANDBOX_PASSWORD = "pass_good";
export const SANDBOX_CODE = "123456";

export type HostedStep = "login" | "code" | "accounts";

export type HostedFlow = {
  id: string;
  provider: ProviderId;
  institutionKey: string;
  language: string;
  step: HostedStep;
  /** Whatever the provider needs to finish the flow (requisition id, redirect URL, state…). */
  data: Record<string, unknown>;
  finished: boolean;
};

/** Starts a flow and answers the URL of its first page. */
export async function startHostedFlow(
  ctx: SandboxContext,
  provider: ProviderId,
  input: { institutionKey: string; language?: string; data: Record<string, unknown> },
): Promise<{ flow: HostedFlow; url: string }> {
  const flow: HostedFlow = {
    id: randomUUID(),
    provider,
    institutionKey: input.institutionKey,
    language: input.language ?? "en",
    step: "login",
    data: input.data,
    finished: false,
  };
  await putObject(ctx.db, provider, "hosted_flow", flow.id, flow);
  return { flow, url: hostedUrl(ctx, provider, flow.id) };
}

export function hostedUrl(ctx: SandboxContext, provider: ProviderId, flowId: string): string {
  return `${ctx.origin}${ctx.basePath}/${provider}/hosted/${flowId}`;
}

export async function getHostedFlow(ctx: SandboxContext, provider: ProviderId, flowId: string): Promise<HostedFlow | null> {
  return getObject<HostedFlow>(ctx.db, provider, "hosted_flow", flowId);
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!);
}

/** The bank's logo, when it is an image's address (the control API's `rename` may make it anything). */
function logoImage(logo: string): string {
  return /^(data:image\/|https:)/i.test(logo) ? `<img src="${escapeHtml(logo)}" alt="">` : "";
}

/** The hosted pages' words in one language: the catalog's Sandbox namespace. */
type HostedWords = { language: Language; t: ReturnType<typeof createTranslator<Messages, "Sandbox">> };

/**
 * The words of a flow's pages: Korean when the provider was asked for Korean (each provider's own
 * language parameter, recorded with the flow), English otherwise.
 */
async function wordsFor(language: string): Promise<HostedWords> {
  const chosen = languageOf(language);
  const messages = (await messagesFor(chosen)) as Messages;
  return { language: chosen, t: createTranslator({ locale: chosen, messages, namespace: "Sandbox", timeZone: "UTC" }) };
}

function page(words: HostedWords, institution: WorldInstitution, provider: ProviderId, body: string, error?: string): Response {
  const { language, t } = words;
  const html = `<!doctype html>
<html lang="${language}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>${escapeHtml(t("title", { bank: institution.name }))}</title>
<style>
body{font-family:system-ui,sans-serif;max-width:26rem;margin:2rem auto;padding:0 1rem;color:#0f172a}
header{display:flex;gap:.75rem;align-items:center;margin-bottom:1.5rem}header img{width:40px;height:40px;border-radius:8px}
label{display:block;margin:.75rem 0 .25rem;font-size:.9rem}input[type=text],input[type=password]{width:100%;padding:.45rem;border:1px solid #cbd5e1;border-radius:6px;box-sizing:border-box}
.check{display:flex;gap:.5rem;align-items:center;margin:.5rem 0}.check label{margin:0}
.error{color:#b91c1c;background:#fef2f2;border:1px solid #fecaca;padding:.5rem;border-radius:6px}
.actions{display:flex;justify-content:space-between;margin-top:1.25rem}button{padding:.45rem .9rem;border-radius:6px;border:1px solid #cbd5e1;background:#fff}
button[value=continue],button[value=allow]{background:#4f46e5;color:#fff;border-color:#4f46e5}
small{color:#64748b}
</style></head><body>
<header>${logoImage(institution.logo)}<div><strong>${escapeHtml(institution.name)}</strong><br><small>${escapeHtml(t("subtitle", { provider }))}</small></div></header>
${error ? `<p class="error" role="alert">${escapeHtml(error)}</p>` : ""}
${body}
</body></html>`;
  return new Response(html, { status: 200, headers: { "content-type": "text/html; charset=utf-8", "cache-control": "no-store" } });
}

function stepBody({ t }: HostedWords, flow: HostedFlow, institution: WorldInstitution): string {
  const say = (key: Parameters<typeof t>[0]) => escapeHtml(t(key));
  const cancel = `<button type="submit" name="action" value="cancel" formnovalidate>${say("cancel")}</button>`;
  if (flow.step === "login") {
    return `<form method="post"><h1>${say("login.heading")}</h1>
<label for="username">${say("login.username")}</label><input id="username" name="username" type="text" autocomplete="off">
<label for="password">${say("login.password")}</label><input id="password" name="password" type="password">
<div class="actions">${cancel}<button type="submit" name="action" value="continue">${say("continue")}</button></div></form>`;
  }
  if (flow.step === "code") {
    return `<form method="post"><h1>${say("code.heading")}</h1><p>${say("code.hint")}</p>
<label for="code">${say("code.label")}</label><input id="code" name="code" type="text" inputmode="numeric" autocomplete="one-time-code">
<div class="actions">${cancel}<button type="submit" name="action" value="continue">${say("continue")}</button></div></form>`;
  }
  const accounts = institution.accounts
    .map(
      (a, i) =>
        `<div class="check"><input id="account-${i}" name="account" value="${escapeHtml(a.key)}" type="checkbox" checked><label for="account-${i}">${escapeHtml(a.name)}</label></div>`,
    )
    .join("\n");
  return `<form method="post"><h1>${say("accounts.heading")}</h1>
<fieldset><legend>${say("accounts.legend")}</legend>${accounts}</fieldset>
<div class="check"><input id="consent" name="consent" value="yes" type="checkbox"><label for="consent">${say("accounts.consent")}</label></div>
<div class="actions">${cancel}<button type="submit" name="action" value="allow">${say("accounts.allow")}</button></div></form>`;
}

function redirect(location: string): Response {
  return new Response(null, { status: 303, headers: { location, "cache-control": "no-store" } });
}

/** GET shows the flow's current step; POST acts on it. */
export async function handleHostedPage(request: Request, flowId: string, ctx: SandboxContext, sandbox: ProviderSandbox): Promise<Response> {
  const flow = await getHostedFlow(ctx, sandbox.provider, flowId);
  const institution = flow ? institutionByKey(flow.institutionKey) : undefined;
  if (!flow || !institution) {
    // No flow, so no language recorded: the browser's, as a provider's own error page would.
    const { t } = await wordsFor(resolveLocale(null, request.headers.get("accept-language")));
    return new Response(t("invalidLink"), { status: 404, headers: { "content-type": "text/plain; charset=utf-8" } });
  }
  const words = await wordsFor(flow.language);
  const show = (step: HostedFlow, error?: string) => page(words, institution, sandbox.provider, stepBody(words, step, institution), error);
  if (flow.finished) return page(words, institution, sandbox.provider, `<p>${escapeHtml(words.t("ended"))}</p>`);
  if (request.method === "GET") return show(flow);
  if (request.method !== "POST") return new Response(null, { status: 405, headers: { allow: "GET, POST" } });

  const form = await request.formData();
  const action = String(form.get("action") ?? "");
  const save = (next: HostedFlow) => putObject(ctx.db, sandbox.provider, "hosted_flow", next.id, next);

  if (action === "cancel") {
    await save({ ...flow, finished: true });
    return redirect(await sandbox.onCancel(ctx, flow));
  }
  if (flow.step === "login") {
    if (form.get("username") !== SANDBOX_USERNAME || form.get("password") !== SANDBOX_PASSWORD) return show(flow, words.t("login.refused"));
    const next: HostedFlow = { ...flow, step: institution.behaviour === "mfa" ? "code" : "accounts" };
    await save(next);
    return show(next);
  }
  if (flow.step === "code") {
    if (String(form.get("code") ?? "").trim() !== SANDBOX_CODE) return show(flow, words.t("code.refused"));
    const next: HostedFlow = { ...flow, step: "accounts" };
    await save(next);
    return show(next);
  }
  if (form.get("consent") !== "yes") return show(flow, words.t("accounts.consentMissing"));
  const chosen = form.getAll("account").map(String);
  const accountKeys = institution.accounts.map((a) => a.key).filter((key) => chosen.includes(key));
  await save({ ...flow, finished: true });
  return redirect(await sandbox.onAllow(ctx, flow, accountKeys));
}
