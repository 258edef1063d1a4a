import type { ProviderId } from "@/lib/banksync/providers/types";
import { handleControl } from "./control";
import { enablebankingSandbox } from "./enablebanking";
import { gocardlessSandbox } from "./gocardless";
import { handleHostedPage } from "./hosted";
import { underLoad } from "./latency";
import { plaidSandbox } from "./plaid";
import { json } from "./respond";
import { saltedgeSandbox } from "./saltedge";
import { takeFault } from "./store";
import type { ProviderSandbox, SandboxContext } from "./types";

export const providerSandboxes: Record<ProviderId, ProviderSandbox> = {
  gocardless: gocardlessSandbox,
  plaid: plaidSandbox,
  saltedge: saltedgeSandbox,
  enablebanking: enablebankingSandbox,
};

/** How long an armed `timeout` fault keeps the caller waiting before answering 504. */
function timeoutFaultMs(): number {
  const value = Number(process.env.SANDBOX_TIMEOUT_FAULT_MS ?? 30_000);
  return Number.isFinite(value) && value >= 0 ? value : 30_000;
}

/**
 * Everything under /sandbox/: the control API, each provider's API and its hosted consent pages.
 * Framework-free (Request in, Response out) so tests can serve it over plain node:http.
 */
export async function handleSandboxRequest(request: Request, ctx: Omit<SandboxContext, "fault">): Promise<Response> {
  const url = new URL(request.url);
  const prefix = `${ctx.basePath}/`;
  if (!url.pathname.startsWith(prefix)) return json({ error: "not found" }, 404);
  const [root = "", ...rest] = url.pathname.slice(prefix.length).split("/");
  const path = rest.join("/");

  if (root === "control") return handleControl(request, path, { ...ctx, fault: null });

  const sandbox = providerSandboxes[root as ProviderId];
  if (!sandbox) return json({ error: `no sandbox provider "${root}"` }, 404);
  if (rest[0] === "hosted" && rest[1]) return handleHostedPage(request, rest[1], { ...ctx, fault: null }, sandbox);

  return underLoad(sandbox.provider, () => answerApiCall(request, path, ctx, sandbox));
}

/** One call of a provider's API: an armed fault acted out, or the provider's answer. */
async function answerApiCall(request: Request, path: string, ctx: Omit<SandboxContext, "fault">, sandbox: ProviderSandbox): Promise<Response> {
  const fault = await takeFault(ctx.db, sandbox.provider);
  if (fault === "timeout") {
    await new Promise((resolve) => setTimeout(resolve, timeoutFaultMs()));
    return json({ error: "gateway timeout" }, 504);
  }
  if (fault === "malformed") {
    return new Response('{"malformed": [1, 2', { status: 200, headers: { "content-type": "application/json" } });
  }
  if (fault === "http500" || fault === "rate_limit") return sandbox.faultResponse(fault);
  return sandbox.handle(request, path, { ...ctx, fault });
}
