/**
 * The window's one notice subscription: each notice refreshes the reads it
 * concerns (`notice-queries.ts`). While the feed is live the screens do not
 * poll; when it is lost (the stream cut, no bridge), `useFallbackInterval`
 * gives them back their old intervals, and when it returns every watched read
 * is refreshed once, for the notices missed meanwhile. The state shows on
 * `<html data-notices="live|polling">` (the e2e suite waits on it).
 */
import { useQueryClient } from '@tanstack/react-query';
import { createContext, useContext, useEffect, useState, type ReactNode } from 'react';
import type { Notice } from '../../../contract/notices.js';
import type { NoticeFeed } from './notice-feed.js';
import { isStaleAfter } from './notice-queries.js';

const Live = createContext(false);

/** Every notice there is, for the refresh after a reconnection. */
const EVERY_KIND: Notice[] = [
  { type: 'dispatch.changed', paused: false },
  { type: 'deliveries.recorded' },
  { type: 'webhooks.changed', webhookId: '' },
  { type: 'keys.used', keyId: '' },
];

export function NoticesProvider({ feed, children }: { feed: NoticeFeed; children: ReactNode }) {
  const queryClient = useQueryClient();
  const [live, setLive] = useState(false);

  useEffect(() => {
    const refresh = (notices: Notice[]) => {
      const tests = notices.map(isStaleAfter);
      void queryClient.invalidateQueries({ predicate: (q) => tests.some((t) => t(q.queryKey)) });
    };
    let wasLive = false;
    let lost = false;
    return feed.subscribe(
      (notice) => refresh([notice]),
      (now) => {
        if (now && lost) refresh(EVERY_KIND);
        if (wasLive && !now) lost = true;
        wasLive = now;
        setLive(now);
      },
    );
  }, [feed, queryClient]);

  useEffect(() => {
    document.documentElement.dataset.notices = live ? 'live' : 'polling';
  }, [live]);

  return <Live.Provider value={live}>{children}</Live.Provider>;
}

/** A screen's polling interval: none while notices flow, `ms` while they do not. */
export function useFallbackInterval(ms: number): number | false {
  return useContext(Live) ? false : ms;
}
