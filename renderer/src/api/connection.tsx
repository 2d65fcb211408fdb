/**
 * The one place that knows about transports: the preload bridge when the
 * window runs in Electron, otherwise HTTP with the admin token (asking for it
 * once on the sign-in screen). Everything below sees a ContractClient and
 * one NoticeFeed (the bridge's notices, or /admin/events).
 */
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { useMemo, useState, type ReactNode } from 'react';
import type { ContractClient } from '../../../contract/operations.js';
import { SignIn } from '../screens/SignIn.js';
import { createBridgeClient, findBridge } from './bridge-transport.js';
import { ClientContext, type Connection } from './client-context.js';
import { ContractError } from './errors.js';
import { createHttpClient } from './http-transport.js';
import { bridgeFeed, httpFeed } from './notice-feed.js';
import { NoticesProvider } from './notices.js';
import { tokenStore } from './token-store.js';

function makeQueryClient(): QueryClient {
  return new QueryClient({
    defaultOptions: {
      queries: {
        retry: (count, err) =>
          !(err instanceof ContractError && err.status > 0 && err.status < 500) && count < 2,
        refetchOnWindowFocus: true,
        staleTime: 2_000,
      },
    },
  });
}

export function Connected({ children }: { children: ReactNode }) {
  const bridge = findBridge();
  const [token, setToken] = useState<string | null>(() => tokenStore.get());
  const [queryClient] = useState(makeQueryClient);

  const connection = useMemo<Connection | null>(() => {
    if (bridge) {
      return {
        client: createBridgeClient(bridge),
        notices: bridgeFeed(bridge),
      };
    }
    if (!token) return null;
    const signOut = () => {
      tokenStore.clear();
      queryClient.clear();
      setToken(null);
    };
    const client: ContractClient = createHttpClient({ token, onUnauthorized: signOut });
    return { client, notices: httpFeed({ token }), signOut };
  }, [bridge, token, queryClient]);

  if (!connection) {
    return (
      <SignIn
        onSignedIn={(t) => {
          tokenStore.set(t);
          setToken(t);
        }}
        verify={(t) => createHttpClient({ token: t }).call('app.info', {})}
      />
    );
  }
  return (
    <QueryClientProvider client={queryClient}>
      <ClientContext.Provider value={connection}>
        <NoticesProvider feed={connection.notices}>{children}</NoticesProvider>
      </ClientContext.Provider>
    </QueryClientProvider>
  );
}
