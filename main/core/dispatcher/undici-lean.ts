/**
 * undici's `Agent` and its `request` without undici's index. The index evaluates every part
 * of undici when it is imported (fetch, WebSocket, EventSource, the cache and the mocks): about
 * 3 MB of heap and 7 MB resident in the headless server, which sends with these two only
 * (docs/performance.md, "Issue 22, session 5: idle"). Both modules are undici's own files (its
 * package has no exports map); a version that moved them fails every sender test at once.
 */
import type { Agent as UndiciAgent, Dispatcher } from 'undici';
import LeanAgent from 'undici/lib/dispatcher/agent.js';
import apiRequest from 'undici/lib/api/api-request.js';

export const Agent = LeanAgent;
export type Agent = UndiciAgent;

export type LeanRequestOptions = Omit<Dispatcher.RequestOptions, 'origin' | 'path'> & {
  dispatcher: Dispatcher;
};

/** undici's `request(url, options)` with an explicit dispatcher: the same call its index makes. */
export function request(url: string, options: LeanRequestOptions): Promise<Dispatcher.ResponseData> {
  const { origin, pathname, search } = new URL(url);
  const { dispatcher, ...rest } = options;
  return apiRequest.call(dispatcher, { ...rest, origin, path: `${pathname}${search}` });
}
