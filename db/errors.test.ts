import { describe, expect, it } from "vitest";
import { isConnectionLost, isTransientDatabaseError } from "./errors";

/** An error as postgres.js raises it, wrapped as drizzle does ("Failed query: …", the driver's error as cause). */
function wrapped(driverError: Error): Error {
  return new Error("Failed query: insert into statement_lines …", { cause: driverError });
}

function withFields(message: string, fields: Record<string, unknown>): Error {
  return Object.assign(new Error(message), fields);
}

describe("which database errors are a lost connection", () => {
  it("the server ending the session: pg_terminate_backend, a shutdown, a connection exception", () => {
    for (const code of ["57P01", "57P02", "57P03", "08006", "08003"]) expect(isConnectionLost(wrapped(withFields("terminating", { code }))), code).toBe(true);
  });

  it("postgres.js's own codes for a connection it closed or could not open", () => {
    for (const code of ["CONNECTION_CLOSED", "CONNECTION_DESTROYED", "CONNECTION_ENDED", "CONNECT_TIMEOUT"])
      expect(isConnectionLost(wrapped(withFields(`write ${code} 127.0.0.1:5432`, { code }))), code).toBe(true);
  });

  it("the socket's own failures, passed on by postgres.js as Node raised them", () => {
    expect(isConnectionLost(wrapped(withFields("read ECONNRESET", { code: "ECONNRESET", errno: -104, syscall: "read" })))).toBe(true);
    expect(isConnectionLost(wrapped(withFields("write EPIPE", { code: "EPIPE", errno: -32, syscall: "write" })))).toBe(true);
    expect(isConnectionLost(withFields("read ETIMEDOUT", { code: "ETIMEDOUT", errno: -110, syscall: "read" }))).toBe(true);
  });

  it("not a statement the server refused, nor a code without a socket behind it", () => {
    expect(isConnectionLost(wrapped(withFields("duplicate key value", { code: "23505" })))).toBe(false);
    expect(isConnectionLost(wrapped(withFields("syntax error", { code: "42601" })))).toBe(false);
    expect(isConnectionLost(withFields("no such file", { code: "ENOENT" }))).toBe(false);
    expect(isConnectionLost(new Error("plain"))).toBe(false);
    expect(isConnectionLost("ECONNRESET")).toBe(false);
  });

  it("a lost race is transient but the connection is not lost", () => {
    const deadlock = wrapped(withFields("deadlock detected", { code: "40P01" }));
    expect(isTransientDatabaseError(deadlock)).toBe(true);
    expect(isConnectionLost(deadlock)).toBe(false);
    expect(isTransientDatabaseError(wrapped(withFields("read ECONNRESET", { code: "ECONNRESET", syscall: "read" })))).toBe(true);
    expect(isTransientDatabaseError(wrapped(withFields("duplicate key value", { code: "23505" })))).toBe(false);
  });
});
