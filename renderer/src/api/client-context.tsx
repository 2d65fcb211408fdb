/** The contract client for the screens, and the react-query hooks they call it through. */
import { useMutation, useQuery, useQueryClient, type UseQueryOptions } from '@tanstack/react-query';
import { createContext, useContext } from 'react';
import type { ContractClient, OperationName, OpInput, OpOutput } from '../../../contract/operations.js';
import type { ContractError } from './errors.js';
import type { NoticeFeed } from './notice-feed.js';
import { validateInput } from './validate.js';

export interface Connection {
  client: ContractClient;
  /** What changed outside the window (`NoticesProvider` subscribes once). */
  notices: NoticeFeed;
  /** Present when the window signed in with a token. */
  signOut?: () => void;
}

export const ClientContext = createContext<Connection | null>(null);

export function useConnection(): Connection {
  const connection = useContext(ClientContext);
  if (!connection) throw new Error('useConnection outside <Connected>');
  return connection;
}

export function useClient(): ContractClient {
  return useConnection().client;
}

/** The group an operation belongs to: 'webhooks' for 'webhooks.list'. */
const groupOf = (name: string) => (name.includes('.') ? name.slice(0, name.indexOf('.')) : name);

type QueryExtras<K extends OperationName> = Omit<
  UseQueryOptions<OpOutput<K>, ContractError>,
  'queryKey' | 'queryFn'
>;

/** A read: cached under [name, input]. */
export function useOp<K extends OperationName>(name: K, input: OpInput<K>, extras?: QueryExtras<K>) {
  const client = useClient();
  return useQuery<OpOutput<K>, ContractError>({
    queryKey: [name, input],
    queryFn: () => client.call(name, input),
    ...extras,
  });
}

/**
 * A change: validated against the contract first, then sent; on success every
 * cached read of the same group (and of `alsoRefresh`) is refetched.
 */
export function useAction<K extends OperationName>(
  name: K,
  options: ChangeOptions<OpInput<K>, OpOutput<K>> = {},
) {
  const client = useClient();
  return useChange(name, (input: OpInput<K>) => client.call(name, input), options);
}

export interface ChangeOptions<I, O> {
  alsoRefresh?: string[];
  onSuccess?: (out: O, input: I) => void;
}

/** `useAction`'s body for a call whose types its caller knows (api/object-calls.ts: an object's operation by its key). */
export function useChange<I, O>(
  name: OperationName,
  call: (input: I) => Promise<O>,
  options: ChangeOptions<I, O> = {},
) {
  const queryClient = useQueryClient();
  const groups = [groupOf(name), ...(options.alsoRefresh ?? [])];
  return useMutation<O, ContractError, I>({
    mutationFn: async (input) => {
      validateInput(name, input);
      return call(input);
    },
    onSuccess: async (out, input) => {
      options.onSuccess?.(out, input);
      await queryClient.invalidateQueries({
        predicate: (q) => groups.includes(groupOf(String(q.queryKey[0]))),
      });
    },
  });
}
