/**
 * How every repository holds its statements: each a drizzle prepared
 * statement (`.prepare()`, `sql.placeholder`), declared in the repository's
 * constructor and built on its first use, then kept for the life of the
 * database. drizzle builds a query's SQL anew on every unprepared call, which
 * costs far more than running it (measured: 560 µs against 21 µs for a
 * select by id); building all of them up front cost createCore about 100 ms
 * on these machines, for statements a run may never need (most list variants).
 */
export function onFirstUse<T>(build: () => T): () => T {
  let built: T | undefined;
  return () => (built ??= build());
}
