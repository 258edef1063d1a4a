import { createHash } from "node:crypto";
import { composeIBAN, isValidIBAN } from "ibantools";
import type { ProviderId, PsuType } from "@/lib/banksync/providers/types";
import { addDays } from "@/lib/dates";

/**
 * The sandbox's simulated world, as SANDBOX.md defines it: deterministic institutions, accounts and
 * transactions. Pure functions of (institution, account, today, reset date); what the control API
 * changes lives in the database (lib/sandbox/store.ts).
 */

export type Behaviour =
  | "none"
  | "mfa" // asks for the code at every login and every refresh; background refresh cannot pass it
  | "manual" // refuses background fetches
  | "daily_limit" // one successful transactions call per account per 24 h
  | "flaky" // of every three transactions calls per account, the first two answer 503
  | "duplicates" // a same-amount twin on R − 5, a repeated id on R − 6
  | "expiring" // consent valid 3 days
  | "linked" // a second connection with the same credentials is refused as a duplicate
  | "sticky"; // the provider keeps its record after revoke until removed via the control API

export type WorldAccount = {
  /** As SANDBOX.md names it ("Checking"): what the control API finds it by. */
  worldName: string;
  /** What the providers show: the world name, unless the control API's `rename` gave another. */
  name: string;
  currency: string;
  /** Stable per institution and account: the base of every provider-side id and transaction id. */
  key: string;
  iban: string | null;
  /** Account number for countries without IBAN (US). */
  number: string;
};

export type WorldInstitution = {
  /** Stable slug, e.g. "sandbox-bank". */
  key: string;
  /** As SANDBOX.md names it ("Sandbox Bank"): what the control API finds it by. */
  worldName: string;
  /** What the providers show: the world name, unless the control API's `rename` gave another. */
  name: string;
  country: string;
  bic: string;
  providers: ProviderId[];
  historyDays: number;
  /** How many days of history the bank itself holds. */
  bankDays: number;
  behaviour: Behaviour;
  beta: boolean;
  /** Days a consent lasts (Sandbox Expiring Bank: 3), else the provider's default. */
  consentDays: number | null;
  psuTypes: PsuType[];
  accounts: WorldAccount[];
  special: boolean;
  logo: string;
};

export const countryCurrencies: Record<string, string> = {
  AT: "EUR", BE: "EUR", BG: "BGN", HR: "EUR", CY: "EUR", CZ: "CZK", DK: "DKK", EE: "EUR", FI: "EUR", FR: "EUR",
  DE: "EUR", GR: "EUR", HU: "HUF", IS: "ISK", IE: "EUR", IT: "EUR", LV: "EUR", LI: "CHF", LT: "EUR", LU: "EUR",
  MT: "EUR", NL: "EUR", NO: "NOK", PL: "PLN", PT: "EUR", RO: "RON", SK: "EUR", SI: "EUR", ES: "EUR", SE: "SEK",
  GB: "GBP", CH: "CHF", US: "USD", CA: "CAD", MX: "MXN", BR: "BRL", AU: "AUD", NZ: "NZD", JP: "JPY", KR: "KRW",
  SG: "SGD", HK: "HKD", IN: "INR", ZA: "ZAR", TR: "TRY", UA: "UAH", AE: "AED", IL: "ILS",
};

const europe = ["AT", "BE", "BG", "HR", "CY", "CZ", "DK", "EE", "FI", "FR", "DE", "GR", "HU", "IS", "IE", "IT", "LV", "LI", "LT", "LU", "MT", "NL", "NO", "PL", "PT", "RO", "SK", "SI", "ES", "SE", "GB", "CH"];
const enableBankingCountries = new Set(["AT", "BE", "DK", "EE", "FI", "FR", "DE", "IS", "IE", "IT", "LV", "LT", "LU", "NL", "NO", "PL", "PT", "ES", "SE", "GB"]);
const plaidCountries = new Set(["US", "CA", "GB", "FR", "ES", "NL", "IE", "DE"]);

function hash(text: string): Buffer {
  return createHash("sha256").update(text).digest();
}

/** A deterministic integer in [0, n) from a text. */
function pick(text: string, n: number): number {
  return hash(text).readUInt32BE(0) % n;
}

function digits(text: string, length: number): string {
  const bytes = hash(text);
  let out = "";
  for (let i = 0; out.length < length; i++) out += String(bytes[i % bytes.length]! % 10);
  return out;
}

/** A valid IBAN for a country whose BBAN is all digits, else null (the account then has only a number). */
function ibanFor(country: string, seed: string): string | null {
  const lengths: Record<string, number> = { BE: 12, DE: 18, FR: 23, ES: 20, AT: 16, FI: 14, PT: 21, PL: 24, DK: 14, NO: 11, SE: 20, SI: 15, SK: 20, EE: 16, LT: 16, HR: 17, CZ: 20, HU: 24 };
  const length = lengths[country];
  if (!length) return null;
  if (country === "BE") {
    // Belgian BBANs end with the first ten digits mod 97 (97 for 0).
    const first = digits(seed, 10);
    const check = Number(BigInt(first) % 97n) || 97;
    return composeIBAN({ countryCode: "BE", bban: `${first}${String(check).padStart(2, "0")}` });
  }
  // Other BBANs may carry national check digits too: try seeds until one validates.
  for (let i = 0; i < 500; i++) {
    const iban = composeIBAN({ countryCode: country, bban: digits(`${seed}#${i}`, length) });
    if (iban && isValidIBAN(iban)) return iban;
  }
  return null;
}

export type Renamed = { name?: string; logo?: string };

const renamedKey = Symbol.for("banksync.sandboxRenamed");

/**
 * What the control API's `rename` changed (lib/sandbox/rename.ts), by institution or account key. On
 * globalThis: Next bundles this module into several module graphs, and all must show the same names.
 */
export function renamedInWorld(): Map<string, Renamed> {
  const holder = globalThis as typeof globalThis & { [renamedKey]?: Map<string, Renamed> };
  return (holder[renamedKey] ??= new Map());
}

function logoFor(name: string): string {
  const initials = name
    .split(/\s+/)
    .filter((w) => /^\p{L}/u.test(w))
    .slice(0, 2)
    .map((w) => w[0]!.toUpperCase())
    .join("");
  const hue = pick(name, 360);
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="64" height="64"><rect width="64" height="64" rx="12" fill="hsl(${hue},55%,45%)"/><text x="32" y="40" font-family="sans-serif" font-size="24" text-anchor="middle" fill="#fff">${initials}</text></svg>`;
  return `data:image/svg+xml;base64,${Buffer.from(svg).toString("base64")}`;
}

function account(institutionKey: string, country: string, name: string, currency: string): WorldAccount {
  const key = `${institutionKey}--${name.toLowerCase().replace(/[^a-z0-9]+/g, "-")}`;
  let iban: string | null | undefined;
  return {
    worldName: name,
    get name() {
      return renamedInWorld().get(key)?.name ?? name;
    },
    currency,
    key,
    // Computed on first use: finding a valid IBAN for 26,000 accounts up front would slow every start.
    get iban() {
      if (iban === undefined) iban = ibanFor(country, key);
      return iban;
    },
    number: digits(key, 10),
  };
}

type SpecialSpec = Pick<WorldInstitution, "name" | "country" | "bic" | "providers" | "historyDays" | "behaviour"> & {
  beta?: boolean;
  consentDays?: number;
  accounts?: [string, string][];
};

const specialSpecs: SpecialSpec[] = [
  { name: "Sandbox Bank", country: "BE", bic: "SBXBBEBB", providers: ["gocardless", "saltedge", "enablebanking"], historyDays: 730, behaviour: "none", accounts: [["Checking", "EUR"], ["Savings", "EUR"], ["Card", "USD"]] },
  { name: "Sandbox 90-Day Bank", country: "BE", bic: "SBXNBEBB", providers: ["gocardless"], historyDays: 90, behaviour: "none" },
  { name: "Sandbox MFA Bank", country: "BE", bic: "SBXMBEBB", providers: ["saltedge"], historyDays: 730, behaviour: "mfa" },
  { name: "Sandbox Manual Bank", country: "BE", bic: "SBXABEBB", providers: ["saltedge"], historyDays: 730, behaviour: "manual" },
  { name: "Sandbox Daily Limit Bank", country: "BE", bic: "SBXDBEBB", providers: ["enablebanking"], historyDays: 730, behaviour: "daily_limit" },
  { name: "Sandbox Flaky Bank", country: "BE", bic: "SBXFBEBB", providers: ["gocardless"], historyDays: 730, behaviour: "flaky" },
  { name: "Sandbox Duplicates Bank", country: "BE", bic: "SBXUBEBB", providers: ["enablebanking"], historyDays: 730, behaviour: "duplicates" },
  { name: "Sandbox Expiring Bank", country: "BE", bic: "SBXEBEBB", providers: ["gocardless"], historyDays: 730, behaviour: "expiring", consentDays: 3 },
  { name: "Sandbox Linked Bank", country: "BE", bic: "SBXLBEBB", providers: ["saltedge"], historyDays: 730, behaviour: "linked" },
  { name: "Sandbox Sticky Bank", country: "BE", bic: "SBXSBEBB", providers: ["saltedge"], historyDays: 730, behaviour: "sticky" },
  { name: "Sandbox Beta Bank", country: "BE", bic: "SBXTBEBB", providers: ["enablebanking"], historyDays: 730, behaviour: "none", beta: true },
  { name: "Sandbox US Bank", country: "US", bic: "SBXUUS33", providers: ["plaid"], historyDays: 730, behaviour: "none", accounts: [["Plaid Checking", "USD"], ["Plaid Credit Card", "USD"]] },
];

function slug(name: string): string {
  return name
    .normalize("NFD")
    .replace(/\p{M}/gu, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-|-$/g, "");
}

export const specialInstitutions: WorldInstitution[] = specialSpecs.map((s) => {
  const key = slug(s.name);
  const accounts = (s.accounts ?? [["Current Account", countryCurrencies[s.country]!]]).map(([name, currency]) => account(key, s.country, name, currency));
  const logo = logoFor(s.name);
  return {
    key,
    worldName: s.name,
    get name() {
      return renamedInWorld().get(key)?.name ?? s.name;
    },
    country: s.country,
    bic: s.bic,
    providers: s.providers,
    historyDays: s.historyDays,
    bankDays: 400,
    behaviour: s.behaviour,
    beta: s.beta ?? false,
    consentDays: s.consentDays ?? null,
    psuTypes: ["personal", "business"],
    accounts,
    special: true,
    get logo() {
      return renamedInWorld().get(key)?.logo ?? logo;
    },
  };
});

// Word lists for generated names; a few carry accents so accent-insensitive search is exercised.
const places = [
  "Antwerp", "Ghent", "Liège", "Namur", "Brugge", "Porto", "Lisboa", "Sevilla", "Málaga", "Córdoba", "Zürich", "Genève",
  "München", "Köln", "Düsseldorf", "Nürnberg", "Lyon", "Orléans", "Besançon", "Nîmes", "Milano", "Torino", "Napoli", "Bologna",
  "Kraków", "Łódź", "Gdańsk", "Poznań", "Brno", "Plzeň", "Győr", "Pécs", "Tartu", "Rīga", "Kaunas", "Vilnius", "Oslo", "Bergen",
  "Tromsø", "Malmö", "Göteborg", "Uppsala", "Aarhus", "Odense", "Espoo", "Tampere", "Reykjavík", "Cork", "Galway", "Leeds",
  "York", "Bristol", "Austin", "Denver", "Boston", "Phoenix", "Seattle", "Portland", "Toronto", "Québec", "Sydney", "Perth",
  "Auckland", "Osaka", "Busan", "Seoul", "Mumbai", "Durban", "İzmir", "Kyiv", "Dubai", "Haifa", "Monterrey", "São Paulo",
];
const kinds = [
  "Bank", "Savings Bank", "Cooperative Bank", "Credit Union", "Trust", "Mutual", "Banque", "Sparkasse", "Caixa", "Raiffeisen",
  "Volksbank", "Crédit", "Finance", "Capital Bank", "Commerce Bank", "Private Bank", "Landbank", "Postbank", "Investment Bank", "Building Society",
];
const prefixes = ["First", "United", "National", "Royal", "Central", "Northern", "Southern", "Eastern", "Western", "Metro", "Citizens", "Peoples", "Alpine", "Coastal", "Harbour", "Heritage", "Liberty", "Pioneer", "Summit", "Valley"];

export const GENERATED_PER_COUNTRY = 560;

function providersFor(country: string, h: Buffer): ProviderId[] {
  const options: ProviderId[] = [];
  if (europe.includes(country)) options.push("gocardless");
  if (enableBankingCountries.has(country)) options.push("enablebanking");
  if (plaidCountries.has(country)) options.push("plaid");
  options.push("saltedge");
  const first = options[h[6]! % options.length]!;
  const second = options[h[7]! % options.length]!;
  return first === second ? [first] : [first, second];
}

let generated: WorldInstitution[] | undefined;

/** The generated catalog: GENERATED_PER_COUNTRY institutions in each of the countries above (26,880 in 48). */
export function generatedInstitutions(): WorldInstitution[] {
  if (generated) return generated;
  const list: WorldInstitution[] = [];
  const usedBics = new Set(specialInstitutions.map((i) => i.bic));
  for (const [country, currency] of Object.entries(countryCurrencies)) {
    for (let i = 0; i < GENERATED_PER_COUNTRY; i++) {
      const seed = `${country}:${i}`;
      // One hash per institution feeds every choice: generating 26,000 of them stays quick.
      const h = hash(seed);
      const place = places[h.readUInt16BE(0) % places.length]!;
      const kind = kinds[h.readUInt16BE(2) % kinds.length]!;
      const prefix = prefixes[h.readUInt16BE(4) % prefixes.length]!;
      const name = `${prefix} ${place} ${kind} ${i + 1}`;
      const key = `${country.toLowerCase()}-${slug(name)}`;
      let bic = "";
      for (let n = 0; !bic || usedBics.has(bic); n++) {
        const letters = hash(`${seed}:bic:${n}`);
        const bank = Array.from(letters.subarray(0, 4), (b) => String.fromCharCode(65 + (b % 26))).join("");
        const location = Array.from(letters.subarray(4, 6), (b) => "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"[b % 32]).join("");
        bic = `${bank}${country}${location}`;
      }
      usedBics.add(bic);
      list.push({
        key,
        worldName: name,
        get name() {
          return renamedInWorld().get(key)?.name ?? name;
        },
        country,
        bic,
        providers: providersFor(country, h),
        historyDays: 120,
        bankDays: 120,
        behaviour: "none",
        beta: h[10]! % 25 === 0,
        consentDays: null,
        psuTypes: h[11]! % 3 === 0 ? ["personal"] : ["personal", "business"],
        accounts: [account(key, country, "Current Account", currency)],
        special: false,
        get logo() {
          return renamedInWorld().get(key)?.logo ?? logoFor(name);
        },
      });
    }
  }
  generated = list;
  return list;
}

export function allInstitutions(): WorldInstitution[] {
  return [...specialInstitutions, ...generatedInstitutions()];
}

let byKey: Map<string, WorldInstitution> | undefined;
let byName: Map<string, WorldInstitution> | undefined;

export function institutionByKey(key: string): WorldInstitution | undefined {
  byKey ??= new Map(allInstitutions().map((i) => [i.key, i]));
  return byKey.get(key);
}

/** As the control API names them: "Sandbox Bank" (the world's name, whatever `rename` made it show). */
export function institutionByName(name: string): WorldInstitution | undefined {
  byName ??= new Map(allInstitutions().map((i) => [i.worldName.toLowerCase(), i]));
  return byName.get(name.trim().toLowerCase());
}

export function accountByName(institution: WorldInstitution, name: string): WorldAccount | undefined {
  return institution.accounts.find((a) => a.worldName.toLowerCase() === name.trim().toLowerCase());
}

/** An id for an account or institution at one provider, stable and shaped like that provider's ids. */
export function providerIdFor(provider: ProviderId, key: string): string {
  const h = hash(`${provider}:${key}`).toString("hex");
  switch (provider) {
    case "gocardless":
    case "enablebanking":
      return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
    case "plaid":
      return Buffer.from(h.slice(0, 30), "hex").toString("base64url");
    case "saltedge":
      return String(BigInt(`0x${h.slice(0, 15)}`));
  }
}

export type WorldTransaction = {
  /** `<account external id>-<YYYYMMDD>-1` at the provider; here the suffix after the account id. */
  suffix: string;
  date: string;
  /** Decimal string, signed (negative = money out). */
  amount: string;
  description: string;
  status: "posted" | "pending";
};

const DAY_MS = 86_400_000;

function dayNumber(date: string): number {
  return Math.round(Date.parse(`${date}T00:00:00Z`) / DAY_MS);
}

function compact(date: string): string {
  return date.replaceAll("-", "");
}

/** The history rule of SANDBOX.md for one day. */
export function ruleTransaction(date: string): WorldTransaction {
  const n = dayNumber(date);
  const salary = n % 10 === 0;
  return {
    suffix: `${compact(date)}-1`,
    date,
    amount: salary ? "1000.00" : `-${(n % 97) + 1}.25`,
    description: salary ? `Salary ${date}` : `Card payment ${date}`,
    status: "posted",
  };
}

/**
 * What the bank holds for an account on `today` (UTC date), before control-API changes: one posted
 * transaction a day over the bank's days, the special banks' extras, and two pending ones today.
 * Oldest first. `resetOn` is R, the date of the world's last reset.
 */
export function bankTransactions(institution: WorldInstitution, today: string, resetOn: string): WorldTransaction[] {
  const list: WorldTransaction[] = [];
  for (let d = institution.bankDays; d >= 1; d--) {
    const date = addDays(today, -d);
    const tx = ruleTransaction(date);
    list.push(tx);
    if (institution.behaviour === "duplicates") {
      if (date === addDays(resetOn, -5)) list.push({ ...tx, suffix: `${compact(date)}-2`, description: `${tx.description} bis` });
      if (date === addDays(resetOn, -6)) list.push({ ...tx });
    }
  }
  list.push({ suffix: `${compact(today)}-P1`, date: today, amount: "-5.00", description: "Pending 1", status: "pending" });
  list.push({ suffix: `${compact(today)}-P2`, date: today, amount: "-7.50", description: "Pending 2", status: "pending" });
  return list;
}

/** The earliest date a provider serves for an institution on `today`. */
export function historyStart(institution: WorldInstitution, today: string): string {
  return addDays(today, -Math.min(institution.historyDays, institution.bankDays));
}
