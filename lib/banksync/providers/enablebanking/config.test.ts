import { generateKeyPairSync } from "node:crypto";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { sandboxCredentials } from "@/lib/sandbox/credentials";
import { enablebankingConfigFromEnv } from "./config";

const { privateKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
const pkcs8 = privateKey.export({ type: "pkcs8", format: "pem" }).toString();
const pkcs1 = privateKey.export({ type: "pkcs1", format: "pem" }).toString();

describe("enablebankingConfigFromEnv", () => {
  it("defaults to the sandbox API and application in sandbox mode", () => {
    const config = enablebankingConfigFromEnv({}, "http://127.0.0.1:3000/sandbox");
    expect(config).toMatchObject({ baseUrl: "http://127.0.0.1:3000/sandbox/enablebanking", applicationId: sandboxCredentials.enablebanking.applicationId });
    expect(config!.privateKey).toBe(sandboxCredentials.enablebanking.privateKey);
  });

  it("is null in live mode without credentials", () => {
    expect(enablebankingConfigFromEnv({}, null)).toBeNull();
  });

  it("reads a \\n-escaped key and defaults to the live API", () => {
    const config = enablebankingConfigFromEnv({ ENABLEBANKING_APPLICATION_ID: "app-1", ENABLEBANKING_PRIVATE_KEY: pkcs8.replace(/\n/g, "\\n") }, null);
    expect(config).toMatchObject({ baseUrl: "https://api.enablebanking.com", applicationId: "app-1", privateKey: pkcs8 });
  });

  it("reads a key file, converting PKCS#1 to PKCS#8, and honours ENABLEBANKING_BASE_URL", () => {
    const file = path.join(mkdtempSync(path.join(tmpdir(), "eb-")), "key.pem");
    writeFileSync(file, pkcs1);
    const config = enablebankingConfigFromEnv(
      { ENABLEBANKING_APPLICATION_ID: "app-1", ENABLEBANKING_PRIVATE_KEY_FILE: file, ENABLEBANKING_BASE_URL: "https://eb.example.test/" },
      null,
    );
    expect(config).toMatchObject({ baseUrl: "https://eb.example.test", privateKey: pkcs8 });
  });

  it("refuses half a pair and a key that is not one", () => {
    expect(() => enablebankingConfigFromEnv({ ENABLEBANKING_APPLICATION_ID: "app-1" }, null)).toThrow(/PRIVATE_KEY/);
    expect(() => enablebankingConfigFromEnv({ ENABLEBANKING_PRIVATE_KEY: pkcs8 }, "http://x/sandbox")).toThrow(/APPLICATION_ID/);
    expect(() => enablebankingConfigFromEnv({ ENABLEBANKING_APPLICATION_ID: "a", ENABLEBANKING_PRIVATE_KEY: "nope" }, null)).toThrow(/not a PEM/);
  });
});
