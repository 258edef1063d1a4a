import type { ConnectDeps } from "../connect/deps";

/** Managing connections: what connecting needs, plus the heartbeat that tells a live worker from a dead one. */
export type ManageDeps = ConnectDeps & { heartbeatMs?: number };
