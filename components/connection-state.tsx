import { useTranslations } from "next-intl";
import type { ConnectionState } from "@/lib/banksync/connections/list";

/** Each state's name in the ConnectionState catalog. */
export const stateNameKeys = {
  connected: "connected",
  action_required: "actionRequired",
  error: "error",
  disconnected: "disconnected",
} as const satisfies Record<ConnectionState, string>;

/** Colour alone does not tell a state apart: every state that needs attention also has an icon and its name. */
const icons: Record<ConnectionState, string | null> = {
  connected: null,
  action_required: "⚠",
  error: "✖",
  disconnected: "⊘",
};

/** The tint of a list row whose connection needs attention. */
export const stateRowTints: Record<ConnectionState, string> = {
  connected: "",
  action_required: "bg-amber-50",
  error: "bg-red-50",
  disconnected: "bg-slate-100",
};

const badgeColors: Record<ConnectionState, string> = {
  connected: "border-green-200 bg-green-50 text-green-800",
  action_required: "border-amber-300 bg-amber-100 text-amber-900",
  error: "border-red-300 bg-red-100 text-red-800",
  disconnected: "border-slate-300 bg-slate-200 text-slate-800",
};

/** A connection's state as an icon (hidden from screen readers) and its name, e.g. "⚠ Action required". */
export function ConnectionStateLabel({ state, badge = false }: { state: ConnectionState; badge?: boolean }) {
  const t = useTranslations("ConnectionState");
  const icon = icons[state];
  const look = badge ? `inline-flex items-center gap-1 rounded-full border px-2 py-0.5 text-xs font-medium ${badgeColors[state]}` : "inline-flex items-center gap-1";
  return (
    <span className={look} data-testid="connection-state">
      {icon ? <span aria-hidden="true">{icon}</span> : null}
      <span>{t(stateNameKeys[state])}</span>
    </span>
  );
}
