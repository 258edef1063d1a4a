/**
 * The value `cache` keeps under `key`, made by `make` the first time. Past `limit` entries the cache is
 * emptied, since keys can come from requests (locales): for what is costly to make and cheap to keep,
 * such as Intl formatters.
 */
export function remembered<V>(cache: Map<string, V>, key: string, make: () => V, limit = 500): V {
  let value = cache.get(key);
  if (value === undefined) {
    value = make();
    if (cache.size >= limit) cache.clear();
    cache.set(key, value);
  }
  return value;
}
