import type { Db } from "@/db/client";
import { deleteObject, getObject, putObject } from "../store";

/**
 * What the emulated Plaid keeps on its side, as sandbox objects: link tokens with their Link
 * sessions, Items (keyed by access token), public tokens and sync cursors.
 */

export type LinkSession = {
  link_session_id: string;
  started_at: string;
  finished_at: string;
  results: { item_add_results: ItemAddResult[] };
  exit: LinkExit | null;
};

export type ItemAddResult = {
  public_token: string;
  accounts: { id: string; name: string; mask: string; type: string; subtype: string; verification_status: null }[];
  institution: { institution_id: string; name: string };
};

export type LinkExit = {
  error: null;
  metadata: {
    institution: { institution_id: string; name: string };
    status: "requires_credentials" | "requires_code" | "requires_account_selection";
    link_session_id: string;
    request_id: string;
  };
};

export type LinkTokenRecord = {
  linkToken: string;
  createdAt: string;
  expiration: string;
  clientName: string;
  clientUserId: string;
  language: string;
  countryCodes: string[];
  products: string[];
  webhook: string | null;
  daysRequested: number;
  institutionKey: string;
  /** Update mode: the Item whose login this Link session repairs. */
  accessToken: string | null;
  completionRedirectUri: string | null;
  hostedFlowId: string | null;
  sessions: LinkSession[];
};

export type ItemRecord = {
  itemId: string;
  accessToken: string;
  institutionKey: string;
  accountKeys: string[];
  daysRequested: number;
  /** Sandbox date the Item was created: the history Plaid pulled reaches daysRequested before it. */
  createdOn: string;
  consentExpiresAt: string | null;
  /** Set by /sandbox/item/reset_login; cleared by an update-mode Link session. */
  loginRequired: boolean;
  webhook: string | null;
};

export type PublicTokenRecord = { accessToken: string; itemId: string; expiresAt: string };

/** What a sync cursor stands for: everything delivered up to it, by transaction id. */
export type CursorRecord = { itemId: string; accountId: string | null; delivered: Delivered };

/** transaction id → [date, account id, fingerprint of what was delivered]. */
export type Delivered = Record<string, [string, string, string]>;

export const records = {
  linkToken: {
    get: (db: Db, id: string) => getObject<LinkTokenRecord>(db, "plaid", "link_token", id),
    put: (db: Db, record: LinkTokenRecord) => putObject(db, "plaid", "link_token", record.linkToken, record),
  },
  item: {
    get: (db: Db, accessToken: string) => getObject<ItemRecord>(db, "plaid", "item", accessToken),
    put: (db: Db, record: ItemRecord) => putObject(db, "plaid", "item", record.accessToken, record),
    remove: (db: Db, accessToken: string) => deleteObject(db, "plaid", "item", accessToken),
  },
  publicToken: {
    get: (db: Db, id: string) => getObject<PublicTokenRecord>(db, "plaid", "public_token", id),
    put: (db: Db, id: string, record: PublicTokenRecord) => putObject(db, "plaid", "public_token", id, record),
  },
  cursor: {
    get: (db: Db, id: string) => getObject<CursorRecord>(db, "plaid", "sync_cursor", id),
    put: (db: Db, id: string, record: CursorRecord) => putObject(db, "plaid", "sync_cursor", id, record),
  },
};
