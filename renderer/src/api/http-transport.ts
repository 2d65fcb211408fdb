/**
 * The browser transport: `POST /admin/rpc/<name>` with the admin token.
 * A 401 tells the caller (the sign-in screen comes back) and still rejects.
 */
import type { ContractClient, OperationName, OpInput, OpOutput } from '../../../contract/operations.js';
import { contractErrorFrom, toContractError } from './errors.js';

export interface HttpTransportOptions {
  token: string;
  /** Where the server is; '' for the page's own origin. */
  baseUrl?: string;
  onUnauthorized?: () => void;
  fetch?: typeof fetch;
}

export function createHttpClient(options: HttpTransportOptions): ContractClient {
  const doFetch = options.fetch ?? globalThis.fetch.bind(globalThis);
  const base = options.baseUrl ?? '';
  return {
    async call<K extends OperationName>(name: K, input: OpInput<K>): Promise<OpOutput<K>> {
      let response: Response;
      try {
        response = await doFetch(`${base}/admin/rpc/${name}`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${options.token}` },
          body: JSON.stringify(input ?? {}),
        });
      } catch (err) {
        throw toContractError(err);
      }
      const text = await response.text();
      let body: unknown;
      try {
        body = text.length > 0 ? JSON.parse(text) : undefined;
      } catch {
        body = { error: { code: 'bad_response', message: text.slice(0, 200) } };
      }
      if (response.ok) return body as OpOutput<K>;
      if (response.status === 401) options.onUnauthorized?.();
      throw contractErrorFrom(response.status, body);
    },
  };
}
