import { completeConnection } from "@/lib/banksync/connect/complete";
import { connectDeps } from "@/lib/connect-deps";
import { redirectTo } from "@/lib/redirect";
import { currentUser } from "@/lib/session";

/**
 * Where each provider sends the consent pop-up back (PROVIDERS.md: `?ref=` for GoCardless, `?state=`
 * and the provider's own parameters for the others). The state is checked against the signed-in
 * user before anything is written; the pop-up then shows the outcome and tells the main window.
 */
export async function GET(request: Request, { params }: { params: Promise<{ provider: string }> }): Promise<Response> {
  const { provider } = await params;
  const user = await currentUser();
  const result = await completeConnection(await connectDeps(), {
    provider,
    query: new URL(request.url).searchParams,
    userId: user?.id ?? null,
  });
  const query = result.outcome === "refused" ? new URLSearchParams({ refused: result.reason }) : new URLSearchParams({ attempt: result.attemptId });
  return redirectTo(`/connect/done?${query}`, 303);
}
