import { SANDBOX_CODE, SANDBOX_PASSWORD, SANDBOX_USERNAME } from "@/lib/sandbox/hosted";

export type ConsentChoices = {
  username?: string;
  password?: string;
  /** Asked only at banks with MFA. */
  code?: string;
  /** Account names to leave checked; all by default. */
  accounts?: string[];
  consent?: boolean;
  /** Press "Cancel" at this step instead of going on. */
  cancelAt?: "login" | "code" | "accounts";
};

/**
 * Plays the user on the sandbox's hosted consent pages over real HTTP, as a browser would: answers
 * each step and returns where the provider finally redirects (our callback URL with its query).
 * Throws with the page's error text when a step is refused.
 */
export async function completeHostedConsent(url: string, choices: ConsentChoices = {}): Promise<URL> {
  let html = await (await fetch(url)).text();
  for (let step = 0; step < 5; step++) {
    const current = html.includes('name="code"') ? "code" : html.includes('name="consent"') ? "accounts" : "login";
    const form = new URLSearchParams();
    if (choices.cancelAt === current) {
      form.set("action", "cancel");
    } else if (current === "login") {
      form.set("username", choices.username ?? SANDBOX_USERNAME);
      form.set("password", choices.password ?? SANDBOX_PASSWORD);
      form.set("action", "continue");
    } else if (current === "code") {
      form.set("code", choices.code ?? SANDBOX_CODE);
      form.set("action", "continue");
    } else {
      for (const match of html.matchAll(/<input id="account-\d+" name="account" value="([^"]+)"[^>]*><label[^>]*>([^<]+)<\/label>/g)) {
        if (!choices.accounts || choices.accounts.includes(match[2]!)) form.append("account", match[1]!.replaceAll("&amp;", "&"));
      }
      if (choices.consent !== false) form.set("consent", "yes");
      form.set("action", "allow");
    }
    const response = await fetch(url, { method: "POST", body: form, redirect: "manual" });
    if (response.status === 303 || response.status === 302) return new URL(response.headers.get("location")!);
    html = await response.text();
    const error = /<p class="error" role="alert">([^<]+)<\/p>/.exec(html)?.[1];
    if (error) throw new Error(`Hosted page refused: ${error}`);
  }
  throw new Error("The hosted consent flow did not end");
}
