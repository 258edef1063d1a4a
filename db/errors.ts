/** SQLSTATEs of a session the server ended or lost: connection exceptions (08), `pg_terminate_backend` or a shutdown (57P01-57P03). */
const LOST_STATES = /^(08...|57P0[123])$/;

/** postgres.js's own codes for a connection it lost or could not open. */
const LOST_CLIENT_CODES = new Set(["CONNECTION_CLOSED", "CONNECTION_DESTROYED", "CONNECTION_ENDED", "CONNECT_TIMEOUT", "ECONNREFUSED"]);

/** A transaction that lost a race it may win next time: serialization failure, deadlock. */
const RACE_STATES = new Set(["40001", "40P01"]);

/** The errors along an error's `cause` chain (drizzle wraps the driver's error). */
function chain(error: unknown): { code?: unknown; syscall?: unknown }[] {
  const found: { code?: unknown; syscall?: unknown }[] = [];
  for (let e: unknown = error, depth = 0; typeof e === "object" && e !== null && depth < 5; e = (e as { cause?: unknown }).cause, depth++) found.push(e);
  return found;
}

function codes(error: unknown): string[] {
  return chain(error).flatMap(({ code }) => (typeof code === "string" ? [code] : []));
}

/**
 * The connection the statement ran on is gone (terminated, server restarted, network cut). A socket's
 * own failure (ECONNRESET, EPIPE, ETIMEDOUT…, a Node system error naming its syscall) is one too:
 * postgres.js passes it on as is, often instead of the server's 57P01 when `pg_terminate_backend`
 * closes a connection that is writing.
 */
export function isConnectionLost(error: unknown): boolean {
  return chain(error).some(
    ({ code, syscall }) => typeof code === "string" && (LOST_STATES.test(code) || LOST_CLIENT_CODES.has(code) || (typeof syscall === "string" && /^E[A-Z]+$/.test(code))),
  );
}

/**
 * The database, not the statement, failed for a moment (a lost connection, a deadlock): the same work
 * is worth doing again on a fresh connection.
 */
export function isTransientDatabaseError(error: unknown): boolean {
  return isConnectionLost(error) || codes(error).some((code) => RACE_STATES.has(code));
}
