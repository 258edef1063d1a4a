import { mkdtempSync, readFileSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { parseEnv } from "./env";

describe("parseEnv", () => {
  it("generates the secrets once into the data folder and reuses them", () => {
    const dir = mkdtempSync(path.join(tmpdir(), "banksync-env-"));
    const first = parseEnv({ BANKSYNC_DATA_DIR: dir });
    const second = parseEnv({ BANKSYNC_DATA_DIR: dir });
    expect(first.appSecret).toHaveLength(43);
    expect(second).toEqual(first);
    expect(first).toMatchObject({ databaseUrl: undefined, dataDir: dir, mode: "sandbox", logLevel: "info" });
    expect(statSync(path.join(dir, "secrets.json")).mode & 0o777).toBe(0o600);
    expect(JSON.parse(readFileSync(path.join(dir, "secrets.json"), "utf8")).authSecret).toBe(first.authSecret);
  });

  it("takes secrets and the database from the environment, empty values meaning unset", () => {
    const secret = "s".repeat(32);
    const env = parseEnv({ APP_SECRET: secret, AUTH_SECRET: secret, DATABASE_URL: "postgres://u@127.0.0.1:5432/db", BANKSYNC_MODE: "" });
    expect(env).toMatchObject({ appSecret: secret, authSecret: secret, databaseUrl: "postgres://u@127.0.0.1:5432/db", mode: "sandbox" });
  });

  it("names what is wrong", () => {
    expect(() => parseEnv({ BANKSYNC_MODE: "prod", APP_SECRET: "short", AUTH_SECRET: "s".repeat(32) })).toThrow(/BANKSYNC_MODE.*APP_SECRET|APP_SECRET.*BANKSYNC_MODE/);
    expect(() => parseEnv({ DATABASE_URL: "mysql://x", APP_SECRET: "s".repeat(32), AUTH_SECRET: "s".repeat(32) })).toThrow(/DATABASE_URL/);
  });

  it("runs sixteen synchronizations at once by default, and none only where worker processes can take them", () => {
    const secrets = { APP_SECRET: "s".repeat(32), AUTH_SECRET: "s".repeat(32) };
    expect(parseEnv(secrets).syncConcurrency).toBe(16);
    expect(parseEnv({ ...secrets, SYNC_CONCURRENCY: "20" }).syncConcurrency).toBe(20);
    expect(parseEnv({ ...secrets, SYNC_CONCURRENCY: "0", DATABASE_URL: "postgres://u@127.0.0.1:5432/db" }).syncConcurrency).toBe(0);
    expect(() => parseEnv({ ...secrets, SYNC_CONCURRENCY: "0" })).toThrow(/SYNC_CONCURRENCY=0.*PostgreSQL/);
    expect(() => parseEnv({ ...secrets, SYNC_CONCURRENCY: "many" })).toThrow(/SYNC_CONCURRENCY/);
  });
});
