import NextAuth, { CredentialsSignin } from "next-auth";
import Credentials from "next-auth/providers/credentials";
import { z } from "zod";
import { getDb } from "@/db";
import { checkCredentials } from "@/lib/banksync/users";
import { env } from "@/lib/env";
import { logger } from "@/lib/logger";
import { SignInThrottle, throttlePolicy } from "@/lib/sign-in-throttle";

const credentialsSchema = z.object({ email: z.string().max(254), password: z.string().max(200) });

/** Refused without checking the password: too many failures for this address (known or not). */
export class SignInLocked extends CredentialsSignin {
  code = "locked";
  constructor(readonly retryAfterMs: number) {
    super();
  }
}

export const { handlers, auth, signIn, signOut } = NextAuth(() => ({
  secret: env().authSecret,
  // Self-hosted behind whatever host name the operator gives it.
  trustHost: true,
  // Served over https (APP_URL): Secure cookies even where the proxy does not say so in X-Forwarded-Proto.
  ...(env().appUrl?.startsWith("https:") ? { useSecureCookies: true } : {}),
  session: { strategy: "jwt", maxAge: 12 * 60 * 60 },
  pages: { signIn: "/login" },
  // Auth.js's own logs go through ours: a wrong password is a warning, not a stack trace.
  logger: {
    error(error) {
      // Auth.js errors carry their kind in `type` (class names do not survive minification).
      const type = (error as { type?: string }).type ?? error.name;
      if (type === "CredentialsSignin" && (error as { code?: string }).code === "locked") logger.warn("sign-in refused: too many failed attempts");
      else if (type === "CredentialsSignin") logger.warn("sign-in refused: wrong email or password");
      else logger.error("auth error", { type, message: error.message });
    },
    warn(code) {
      logger.warn("auth warning", { code });
    },
    debug() {},
  },
  providers: [
    Credentials({
      credentials: { email: {}, password: {} },
      // The throttle sits here rather than in the login form's action, so Auth.js's own callback route passes through it too.
      async authorize(raw) {
        const parsed = credentialsSchema.safeParse(raw);
        if (!parsed.success) throw new CredentialsSignin();
        const { email, password } = parsed.data;
        const db = await getDb();
        const throttle = new SignInThrottle({ db, secret: env().appSecret, policy: throttlePolicy(env().signInDelayMs) });
        const attempt = await throttle.attempt(email, () => checkCredentials(db, email, password));
        if (attempt.kind === "locked") throw new SignInLocked(attempt.retryAfterMs);
        if (attempt.kind === "refused") throw new CredentialsSignin();
        return { id: attempt.user.id, email: attempt.user.email };
      },
    }),
  ],
  callbacks: {
    session({ session, token }) {
      if (token.sub) session.user.id = token.sub;
      return session;
    },
  },
}));
