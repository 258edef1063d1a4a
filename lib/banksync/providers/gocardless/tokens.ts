import { isProviderError } from "../errors";
import { providerRequest, type ProviderHttp } from "../http";
import type { GocardlessConfig } from "./config";
import { tokenNewSchema, tokenRefreshSchema } from "./schemas";

/** Renew this long before GoCardless's stated expiry, so a token never dies in flight. */
const MARGIN_MS = 60_000;

type Tokens = { access: string; accessExpiresAt: number; refresh: string; refreshExpiresAt: number };

/**
 * The access token of one secret pair: created with token/new, renewed with token/refresh before it
 * expires, created anew once the refresh token is near its end or refused. Concurrent callers share
 * one renewal.
 */
export class GocardlessTokens {
  private tokens: Tokens | null = null;
  private renewing: Promise<string> | null = null;

  constructor(
    private readonly config: GocardlessConfig,
    private readonly http: ProviderHttp,
    private readonly now: () => number = Date.now,
  ) {}

  async access(): Promise<string> {
    if (this.tokens && this.tokens.accessExpiresAt - MARGIN_MS > this.now()) return this.tokens.access;
    this.renewing ??= this.renew().finally(() => {
      this.renewing = null;
    });
    return this.renewing;
  }

  /** GoCardless refused our access token (revoked, or expired by its clock): start over. */
  invalidate(): void {
    this.tokens = null;
  }

  private async renew(): Promise<string> {
    const current = this.tokens;
    if (current && current.refreshExpiresAt - MARGIN_MS > this.now()) {
      try {
        const { data } = await providerRequest(
          this.http,
          { method: "POST", url: `${this.config.baseUrl}/token/refresh/`, body: { refresh: current.refresh } },
          tokenRefreshSchema,
        );
        this.tokens = { ...current, access: data.access, accessExpiresAt: this.now() + data.access_expires * 1000 };
        return data.access;
      } catch (error) {
        // A refused refresh token is replaced by a new pair below; anything else goes up.
        if (!(isProviderError(error) && error.httpStatus === 401)) throw error;
      }
    }
    const { data } = await providerRequest(
      this.http,
      { method: "POST", url: `${this.config.baseUrl}/token/new/`, body: { secret_id: this.config.secretId, secret_key: this.config.secretKey } },
      tokenNewSchema,
    );
    const at = this.now();
    this.tokens = {
      access: data.access,
      accessExpiresAt: at + data.access_expires * 1000,
      refresh: data.refresh,
      refreshExpiresAt: at + data.refresh_expires * 1000,
    };
    return data.access;
  }
}
