import { useTranslations } from "next-intl";
import { columnCount, type ColumnRole } from "@/components/csv-mapping-draft";

/**
 * The first rows of the CSV as the current settings read them, so the user sees what each choice
 * does: the header row highlighted, the columns the mapping uses marked in the headings.
 */
export function CsvMappingSample({ rows, hasHeader, roles }: { rows: string[][]; hasHeader: boolean; roles: Map<number, ColumnRole[]> }) {
  const t = useTranslations("CsvMapping");
  const count = columnCount(rows);
  if (count === 0) return <p className="text-sm text-slate-600">{t("sample.noRows")}</p>;
  const columns = Array.from({ length: count }, (_, i) => i);
  return (
    <div className="max-h-72 overflow-auto rounded-md border border-slate-200" tabIndex={0} aria-label={t("sample.label")}>
      <table className="w-full text-sm">
        <caption className="sr-only">{t("sample.caption")}</caption>
        <thead className="sticky top-0 bg-slate-50 text-left text-slate-600">
          <tr>
            {columns.map((column) => (
              <th key={column} scope="col" className="whitespace-nowrap px-2 py-2 align-bottom font-medium">
                <span className="block">{t("column", { number: column + 1 })}</span>
                {(roles.get(column) ?? []).map((role) => (
                  <span key={role} className="mr-1 mt-1 inline-block rounded-full bg-indigo-100 px-2 py-0.5 text-xs font-medium text-indigo-800">
                    {t(`roles.${role}`)}
                  </span>
                ))}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((row, index) => {
            const header = hasHeader && index === 0;
            return (
              <tr key={index} className={`border-t border-slate-100 ${header ? "bg-amber-50 font-semibold" : ""}`} data-header={header || undefined}>
                {columns.map((column) => (
                  <td key={column} className={`max-w-56 truncate px-2 py-1.5 ${roles.has(column) ? "bg-indigo-50/60" : ""}`} title={row[column]}>
                    {row[column] ?? ""}
                  </td>
                ))}
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
