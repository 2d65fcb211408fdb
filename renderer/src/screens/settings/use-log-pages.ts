/**
 * The log's rows, fetched by cursor in pages of 200 as the user scrolls. Only
 * the newest rows are watched (one small `log.list`, refreshed by the
 * deliveries.recorded notice, polled every few seconds only while notices are
 * lost): when they differ from what is shown, the view refreshes its first
 * page if the user is at the top, or offers to. Refetching every loaded page
 * instead would cost hundreds of requests once the user has scrolled far.
 */
import { useInfiniteQuery, useQueryClient, type InfiniteData } from '@tanstack/react-query';
import { useCallback, useEffect, type RefObject } from 'react';
import type { Delivery } from '../../../../contract/integrations.js';
import { useClient, useOp } from '../../api/client-context.js';
import { useFallbackInterval } from '../../api/notices.js';
import type { ContractError } from '../../api/errors.js';
import type { toLogFilters } from './LogFilters.js';

export const PAGE = 200;
const HEAD = 50;
const POLL_MS = 4_000;

type Page = { items: Delivery[]; nextCursor?: string };
type Filters = ReturnType<typeof toLogFilters>;

/** What the owner would see change in a row. */
const signature = (items: Delivery[] | undefined) =>
  (items ?? []).map((d) => `${d.id}:${d.status}:${d.attempt}:${d.responseCode ?? ''}`).join('|');

export function useLogPages(filters: Filters, scroller: RefObject<HTMLElement | null>, atTopPx: number) {
  const client = useClient();
  const queryClient = useQueryClient();
  // Not under the 'log' group: a change elsewhere refreshes the small head query below, not every page.
  const queryKey = ['logPages', filters];
  const pages = useInfiniteQuery<Page, ContractError, InfiniteData<Page>, unknown[], string | undefined>({
    queryKey,
    initialPageParam: undefined,
    queryFn: ({ pageParam }) =>
      client.call('log.list', { ...filters, limit: PAGE, ...(pageParam ? { cursor: pageParam } : {}) }),
    getNextPageParam: (last) => last.nextCursor,
    staleTime: Infinity,
  });
  const head = useOp(
    'log.list',
    { ...filters, limit: HEAD },
    { refetchInterval: useFallbackInterval(POLL_MS) },
  );

  const shown = signature(pages.data?.pages[0]?.items.slice(0, HEAD));
  const newest = signature(head.data?.items);
  const behind = !!pages.data && !!head.data && shown !== newest;

  const key = JSON.stringify(queryKey);
  const refresh = useCallback(() => {
    const exact = JSON.parse(key) as unknown[];
    queryClient.setQueryData<InfiniteData<Page>>(exact, (data) =>
      data ? { pages: data.pages.slice(0, 1), pageParams: data.pageParams.slice(0, 1) } : data,
    );
    void queryClient.refetchQueries({ queryKey: exact, exact: true });
  }, [key, queryClient]);

  useEffect(() => {
    if (behind && !pages.isFetching && (scroller.current?.scrollTop ?? 0) <= atTopPx) refresh();
  }, [behind, pages.isFetching, scroller, atTopPx, refresh]);

  return { pages, behind, refresh };
}
