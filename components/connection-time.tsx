import { LocalTime } from "@/components/journal-sync-time";

/** An optional instant in the reader's locale and time zone, "—" when there is none. */
export function ConnectionTime({ at, locale, style = "dateTime" }: { at: Date | null; locale: string; style?: "date" | "dateTime" }) {
  if (!at) return <>—</>;
  return <LocalTime iso={at.toISOString()} locale={locale} style={style} />;
}
