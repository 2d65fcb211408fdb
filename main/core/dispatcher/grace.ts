/**
 * A bounded wait for work in flight: resolves when every promise has settled
 * or after `ms`, whichever comes first (what is still running is then the
 * caller's to abort). The dispatcher's stop gives its sends this long.
 */
export function settleWithin(running: Iterable<Promise<unknown>>, ms: number): Promise<void> {
  const all = [...running];
  if (all.length === 0 || ms <= 0) return Promise.resolve();
  let timer: NodeJS.Timeout | undefined;
  return Promise.race([
    Promise.allSettled(all).then(() => undefined),
    new Promise<void>((resolve) => (timer = setTimeout(resolve, ms))),
  ]).finally(() => clearTimeout(timer));
}
