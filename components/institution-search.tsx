"use client";

import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { useTranslations } from "next-intl";
import { useEffect, useId, useState, type KeyboardEvent } from "react";
import { InstitutionSummary } from "@/components/institution-summary";
import { Button } from "@/components/ui/button";
import type { InstitutionResult } from "@/lib/banksync/institutions";

export type CountryOption = { code: string; name: string };

/** "all" or an ISO 3166-1 alpha-2 code, as the search route takes it. */
export type CountryFilter = string;

const DEBOUNCE_MS = 150;

function useDebouncedValue<T>(value: T, delayMs: number): T {
  const [debounced, setDebounced] = useState(value);
  useEffect(() => {
    const timer = setTimeout(() => setDebounced(value), delayMs);
    return () => clearTimeout(timer);
  }, [value, delayMs]);
  return debounced;
}

/** A failed search, said by the component (it has the reader's language). */
class SearchError extends Error {
  constructor(readonly signedOut: boolean) {
    super(signedOut ? "signed out" : "search failed");
  }
}

async function fetchInstitutions(q: string, country: CountryFilter, signal: AbortSignal): Promise<InstitutionResult[]> {
  const response = await fetch(`/api/institutions/search?${new URLSearchParams({ q, country })}`, { signal });
  if (!response.ok) throw new SearchError(response.status === 401);
  const body = (await response.json()) as { institutions: InstitutionResult[] };
  return body.institutions;
}

/**
 * The search of "Add a Bank Account": a combobox over a listbox of institutions. Results follow the
 * typing (debounced) and the previous list stays on screen until the next one arrives, so it never
 * flickers empty. ArrowDown/ArrowUp move the highlighted option, Enter chooses it.
 */
export function InstitutionSearch({
  query,
  onQueryChange,
  country,
  onCountryChange,
  countries,
  onChoose,
  onAddManual,
}: {
  query: string;
  onQueryChange: (query: string) => void;
  country: CountryFilter;
  onCountryChange: (country: CountryFilter) => void;
  countries: CountryOption[];
  onChoose: (institution: InstitutionResult) => void;
  onAddManual: () => void;
}) {
  const t = useTranslations("Institutions");
  const id = useId();
  const listboxId = `${id}-results`;
  const optionId = (index: number) => `${id}-option-${index}`;
  const [active, setActive] = useState(0);
  const debouncedQuery = useDebouncedValue(query.trim(), DEBOUNCE_MS);
  const search = useQuery({
    queryKey: ["institutions", debouncedQuery, country],
    queryFn: ({ signal }) => fetchInstitutions(debouncedQuery, country, signal),
    placeholderData: keepPreviousData,
  });
  const results = search.data ?? [];
  const current = results.length === 0 ? -1 : Math.min(active, results.length - 1);
  const countryNames = new Map(countries.map((c) => [c.code, c.name]));

  useEffect(() => {
    if (current >= 0) document.getElementById(`${id}-option-${current}`)?.scrollIntoView({ block: "nearest" });
  }, [id, current]);

  const onKeyDown = (event: KeyboardEvent<HTMLInputElement>) => {
    if (event.key === "ArrowDown" && results.length > 0) {
      event.preventDefault();
      setActive(Math.min(current + 1, results.length - 1));
    } else if (event.key === "ArrowUp" && results.length > 0) {
      event.preventDefault();
      setActive(Math.max(current - 1, 0));
    } else if (event.key === "Enter" && current >= 0) {
      event.preventDefault();
      onChoose(results[current]!);
    }
  };

  return (
    <div className="flex flex-col gap-3 text-sm">
      <div className="flex flex-wrap gap-3">
        <div className="flex min-w-48 flex-1 flex-col gap-1">
          <label htmlFor={`${id}-query`} className="font-medium text-slate-700">
            {t("search")}
          </label>
          <input
            id={`${id}-query`}
            type="search"
            role="combobox"
            aria-autocomplete="list"
            aria-expanded={results.length > 0}
            aria-controls={listboxId}
            aria-activedescendant={current >= 0 ? optionId(current) : undefined}
            placeholder={t("placeholder")}
            autoComplete="off"
            spellCheck={false}
            maxLength={100}
            autoFocus
            value={query}
            onChange={(e) => {
              onQueryChange(e.target.value);
              setActive(0);
            }}
            onKeyDown={onKeyDown}
            className="rounded-md border border-slate-300 bg-white px-2.5 py-1.5 focus:border-brand"
          />
        </div>
        <div className="flex flex-col gap-1">
          <label htmlFor={`${id}-country`} className="font-medium text-slate-700">
            {t("country")}
          </label>
          <select
            id={`${id}-country`}
            value={country}
            onChange={(e) => {
              onCountryChange(e.target.value);
              setActive(0);
            }}
            className="rounded-md border border-slate-300 bg-white px-2.5 py-1.5 focus:border-brand"
          >
            <option value="all">{t("allCountries")}</option>
            {countries.map((c) => (
              <option key={c.code} value={c.code}>
                {c.name}
              </option>
            ))}
          </select>
        </div>
      </div>

      {search.isError ? (
        <p role="alert" className="rounded-md border border-red-200 bg-red-50 px-3 py-2 text-red-800">
          {search.error instanceof SearchError && search.error.signedOut ? t("sessionEnded") : t("searchFailed")}
        </p>
      ) : null}
      <p aria-live="polite" className="sr-only">
        {search.isFetching ? t("searching") : t("found", { count: results.length })}
      </p>

      <ul
        id={listboxId}
        role="listbox"
        aria-label={t("list")}
        className={`max-h-80 overflow-y-auto rounded-md border border-slate-200 transition-opacity empty:hidden ${search.isPlaceholderData ? "opacity-70" : ""}`}
      >
        {results.map((institution, index) => (
          <li
            key={institution.id}
            id={optionId(index)}
            role="option"
            aria-selected={index === current}
            onClick={() => onChoose(institution)}
            onMouseMove={() => index !== current && setActive(index)}
            className={`cursor-pointer border-b border-slate-100 px-3 py-2 last:border-b-0 ${index === current ? "bg-indigo-50" : ""}`}
          >
            <InstitutionSummary institution={institution} countryName={countryNames.get(institution.country) ?? institution.country} />
          </li>
        ))}
      </ul>
      {search.isSuccess && results.length === 0 ? <p className="text-center text-slate-500">{t("noMatch")}</p> : null}
      {search.isPending ? <p className="text-center text-slate-500">{t("searching")}</p> : null}

      <div className="flex items-center justify-between gap-3 border-t border-slate-200 pt-3">
        <span className="text-slate-600">{t("notListed")}</span>
        <Button variant="secondary" onClick={onAddManual}>
          {t("addNew")}
        </Button>
      </div>
    </div>
  );
}
