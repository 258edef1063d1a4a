"use client";

import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { useState, type ReactNode } from "react";

/** One TanStack Query client per browser tab, for client islands that read route handlers as the user types. */
export function QueryProvider({ children }: { children: ReactNode }) {
  // Created once per mount, not per module: on the server a module-level client would be shared by requests.
  const [client] = useState(() => new QueryClient({ defaultOptions: { queries: { staleTime: 60_000, refetchOnWindowFocus: false } } }));
  return <QueryClientProvider client={client}>{children}</QueryClientProvider>;
}
