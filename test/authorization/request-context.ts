import { encode } from "next-auth/jwt";
import { RequestCookies, ResponseCookies } from "next/dist/server/web/spec-extension/cookies";

/*
 * The one thing Next gives a server action or a page that a test has no Next to give: the request
 * being served (its headers and cookie jar) and the revalidations it asks for. The test's mocks of
 * `next/headers` and `next/cache` read and write here; everything behind them is the app's own code.
 */

export const APP_ORIGIN = "http://app.test";
/** Auth.js's session cookie on plain http (https adds the `__Secure-` prefix). */
export const SESSION_COOKIE = "authjs.session-token";

type Current = { headers: Headers; cookies: RequestCookies; setCookies: ResponseCookies; revalidated: string[] };

let current: Current = fresh(new Headers());

function fresh(headers: Headers): Current {
  return { headers, cookies: new RequestCookies(headers), setCookies: new ResponseCookies(new Headers()), revalidated: [] };
}

/** Starts serving a new request from this browser: its cookies, as Next's own headers would carry them. */
export function beginRequest(cookies: Record<string, string>, extra: Record<string, string> = {}): void {
  const headers = new Headers({ host: new URL(APP_ORIGIN).host, "x-forwarded-host": new URL(APP_ORIGIN).host, "x-forwarded-proto": "http", ...extra });
  const cookie = Object.entries(cookies)
    .map(([name, value]) => `${name}=${value}`)
    .join("; ");
  if (cookie) headers.set("cookie", cookie);
  current = fresh(headers);
}

/** `headers()` of next/headers. */
export function requestHeaders(): Headers {
  return current.headers;
}

/** `cookies()` of next/headers in a server action: reads the request's cookies, and a `set` is seen by later reads and sent back. */
export function requestCookies() {
  const { cookies, setCookies } = current;
  return {
    get: (name: string) => cookies.get(name),
    getAll: (name?: string) => (name === undefined ? cookies.getAll() : cookies.getAll(name)),
    has: (name: string) => cookies.has(name),
    set(name: string, value: string, options?: Record<string, unknown>) {
      cookies.set(name, value);
      setCookies.set(name, value, options);
      return this;
    },
    delete(name: string) {
      cookies.delete(name);
      setCookies.delete(name);
      return this;
    },
    toString: () => cookies.toString(),
  };
}

/** The cookies the last request set (a sign-in's session, a sign-out's removal). */
export function cookiesSet(): string[] {
  return current.setCookies.getAll().map((cookie) => cookie.name);
}

/** `revalidatePath` / `revalidateTag` of next/cache, recorded. */
export function recordRevalidation(target: string): void {
  current.revalidated.push(target);
}

export function revalidations(): string[] {
  return [...current.revalidated];
}

/** A session cookie as Auth.js writes it after a sign-in: a JWE sealed with the app's auth secret. */
export async function sessionCookie(user: { id: string; email: string }, secret: string): Promise<string> {
  return encode({ token: { sub: user.id, email: user.email }, secret, salt: SESSION_COOKIE, maxAge: 60 * 60 });
}
