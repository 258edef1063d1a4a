import NextAuth, { CredentialsSignin } from "next-auth";
import Credentials from "next-auth/providers/credentials";
import { z } from "zod";
import { getDb } from "@/db";
import { checkCredentials } from "@/lib/banksync/users";
import { env } from "@/lib/env";
import { logger } from "@/lib/logger";

const credentialsSchema = z.object({ email: z.string().max(254), password: z.string().max(200) });

export const { handlers, auth, signIn, signOut } = NextAuth(() => ({
  secret: env().authSecret,
  // Self-hosted behind whatever host name the operator gives it.
  trustHost: true,
  session: { strategy: "jwt", maxAge: 12 * 60 * 60 },
  pages: { signIn: "/login" },
  // Auth.js's own logs go through ours: a wrong password is a warning, not a stack trace.
  logger: {
    error(error) {
      // Auth.js errors carry their kind in `type` (class names do not survive minification).
      const type = (error as { type?: string }).type ?? error.name;
      if (type === "CredentialsSignin") logger.warn("sign-in refused: wrong email or password");
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
      async authorize(raw) {
        const parsed = credentialsSchema.safeParse(raw);
        if (!parsed.success) throw new CredentialsSignin();
        const user = await checkCredentials(await getDb(), parsed.data.email, parsed.data.password);
        if (!user) throw new CredentialsSignin();
        return { id: user.id, email: user.email };
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
