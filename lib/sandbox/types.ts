import type { Db } from "@/db/client";
import type { ProviderId } from "@/lib/banksync/providers/types";
import type { HostedFlow } from "./hosted";
import type { FaultMode } from "./store";
import type { WorldInstitution } from "./world";

export type SandboxContext = {
  db: Db;
  /** Origin the browser and adapters used to reach us, e.g. "http://127.0.0.1:3000". */
  origin: string;
  /** Where the sandbox is mounted: "/sandbox". */
  basePath: string;
  /** A fault armed through the control API that the provider must act out itself (Plaid's mutation_during_pagination). */
  fault: FaultMode | null;
};

/** One provider's emulator: its API, its error shapes, and what ends its hosted consent flow. */
export type ProviderSandbox = {
  provider: ProviderId;
  /** `path` is what follows "/sandbox/<provider>/", without a leading slash (e.g. "api/v2/token/new/"). */
  handle(request: Request, path: string, ctx: SandboxContext): Promise<Response>;
  /** The provider's own answer for an armed http500 or rate_limit fault. */
  faultResponse(mode: "http500" | "rate_limit"): Response;
  /** The user pressed "Allow" on the hosted pages with these accounts (keys): where the browser goes next. */
  onAllow(ctx: SandboxContext, flow: HostedFlow, accountKeys: string[]): Promise<string>;
  /** The user pressed "Cancel": where the browser goes next (the provider's cancellation redirect). */
  onCancel(ctx: SandboxContext, flow: HostedFlow): Promise<string>;
  /** Control API `remove-at-provider` (Salt Edge keeps its own records). */
  removeAtProvider?(ctx: SandboxContext, institution: WorldInstitution): Promise<number>;
};
