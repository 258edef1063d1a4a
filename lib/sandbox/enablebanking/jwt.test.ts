import { importPKCS8, SignJWT } from "jose";
import { describe, expect, it } from "vitest";
import { sandboxCredentials } from "../credentials";
import { rejectUnauthorized } from "./jwt";

const credentials = sandboxCredentials.enablebanking;

async function token(claims: { iss?: string; aud?: string; lifetime?: number; kid?: string } = {}): Promise<string> {
  const iat = Math.floor(Date.now() / 1000);
  return new SignJWT({})
    .setProtectedHeader({ alg: "RS256", kid: claims.kid ?? credentials.applicationId })
    .setIssuer(claims.iss ?? "enablebanking.com")
    .setAudience(claims.aud ?? "api.enablebanking.com")
    .setIssuedAt(iat)
    .setExpirationTime(iat + (claims.lifetime ?? 3600))
    .sign(await importPKCS8(credentials.privateKey, "RS256"));
}

async function check(authorization: string | null): Promise<{ status: number; code: string } | null> {
  const request = new Request("http://sandbox.test/sandbox/enablebanking/aspsps", { headers: authorization ? { authorization } : {} });
  const refusal = await rejectUnauthorized(request);
  return refusal ? { status: refusal.status, code: ((await refusal.json()) as { code: string }).code } : null;
}

describe("the sandbox's application JWT check", () => {
  it("lets a well-formed token through", async () => {
    expect(await check(`Bearer ${await token()}`)).toBeNull();
  });

  it.each([
    ["no header", async () => null],
    ["not a JWT", async () => "Bearer nonsense"],
    ["another kid", async () => `Bearer ${await token({ kid: "someone-else" })}`],
    ["another issuer", async () => `Bearer ${await token({ iss: "example.com" })}`],
    ["another audience", async () => `Bearer ${await token({ aud: "api.example.com" })}`],
    ["a lifetime over 24 h", async () => `Bearer ${await token({ lifetime: 24 * 3600 + 60 })}`],
  ])("answers 401 UNAUTHORIZED for %s", async (_case, header) => {
    expect(await check(await header())).toEqual({ status: 401, code: "UNAUTHORIZED" });
  });
});
