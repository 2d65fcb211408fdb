/**
 * Where the window's notices come from (`contract/notices.ts`): the preload
 * bridge in the desktop, `GET /admin/events` (Server-Sent Events) in
 * headless. Both give one `NoticeFeed`; the window only sees notices and
 * whether the feed is live (while it is not, the screens poll).
 *
 * Headless reads the stream with fetch rather than EventSource: EventSource
 * cannot send `Authorization: Bearer`, and the admin token must not travel in
 * a URL (history, proxy logs) nor become a second credential (a cookie). The
 * stream is plain SSE all the same. A lost stream is retried, 1 s at first,
 * doubling up to 30 s.
 */
import type { DversumBridge } from '../../../contract/bridge.js';
import { NOTICES_PATH, parseNotice, type Notice } from '../../../contract/notices.js';

export interface NoticeFeed {
  /** `onLive(true)` once notices flow, `onLive(false)` when they stop (changes only); returns the unsubscribe. */
  subscribe(onNotice: (notice: Notice) => void, onLive: (live: boolean) => void): () => void;
}

export function bridgeFeed(bridge: DversumBridge): NoticeFeed {
  return {
    subscribe(onNotice, onLive) {
      const off = bridge.on(onNotice);
      onLive(true);
      return off;
    },
  };
}

/**
 * The `data` of each event in a text/event-stream, fed in chunks as they
 * arrive (an event may span chunks). Comments, `retry:`, `event:` and `id:`
 * lines are ignored; several data lines of one event are joined by newlines.
 */
export function sseParser(onData: (data: string) => void): (chunk: string) => void {
  let buffer = '';
  return (chunk) => {
    buffer += chunk.replace(/\r\n?/g, '\n');
    let end: number;
    while ((end = buffer.indexOf('\n\n')) >= 0) {
      const block = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      const data = block
        .split('\n')
        .filter((line) => line === 'data' || line.startsWith('data:'))
        .map((line) => line.slice(5).replace(/^ /, ''));
      if (data.length > 0) onData(data.join('\n'));
    }
  };
}

export interface HttpFeedOptions {
  token: string;
  /** Where the server is; '' for the page's own origin. */
  baseUrl?: string;
  fetch?: typeof fetch;
  /** The first wait before reconnecting; doubled up to `maxRetryMs`. */
  retryMs?: number;
  maxRetryMs?: number;
}

export function httpFeed(options: HttpFeedOptions): NoticeFeed {
  const doFetch = options.fetch ?? globalThis.fetch.bind(globalThis);
  const firstRetry = options.retryMs ?? 1_000;
  const maxRetry = options.maxRetryMs ?? 30_000;
  return {
    subscribe(onNotice, onLive) {
      const abort = new AbortController();
      let retry = firstRetry;
      let timer: ReturnType<typeof setTimeout> | undefined;
      let live = false;
      const tell = (now: boolean) => {
        if (now !== live) onLive((live = now));
      };
      const connect = async (): Promise<void> => {
        try {
          const response = await doFetch(`${options.baseUrl ?? ''}${NOTICES_PATH}`, {
            headers: { authorization: `Bearer ${options.token}`, accept: 'text/event-stream' },
            signal: abort.signal,
            cache: 'no-store',
          });
          if (!response.ok || !response.body) throw new Error(`HTTP ${response.status}`);
          tell(true);
          retry = firstRetry;
          const push = sseParser((data) => {
            let value: unknown;
            try {
              value = JSON.parse(data);
            } catch {
              return;
            }
            const notice = parseNotice(value);
            if (notice) onNotice(notice);
          });
          const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
          for (;;) {
            const { done, value } = await reader.read();
            if (done) break;
            push(value);
          }
        } catch {
          // A refused, failed or cut stream: poll until it is back.
        }
        if (abort.signal.aborted) return;
        tell(false);
        timer = setTimeout(() => void connect(), retry);
        retry = Math.min(retry * 2, maxRetry);
      };
      void connect();
      return () => {
        abort.abort();
        clearTimeout(timer);
      };
    },
  };
}
