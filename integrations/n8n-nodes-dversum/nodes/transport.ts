/**
 * The one way the nodes call dVersum: the credential's base URL, its Bearer
 * header (applied by n8n through `httpRequestWithAuthentication`), JSON both
 * ways. An error answer becomes a NodeApiError carrying dVersum's own message
 * (`{ error: { code, message } }`: "needs the permission tasks:read").
 */
import type {
  IDataObject,
  IExecuteFunctions,
  IHookFunctions,
  IHttpRequestMethods,
  IHttpRequestOptions,
  JsonObject,
} from 'n8n-workflow';
import { NodeApiError } from 'n8n-workflow';

export const CREDENTIAL = 'dversumApi';

type Caller = IExecuteFunctions | IHookFunctions;

export interface DversumAnswer {
  statusCode: number;
  body: unknown;
}

interface FullResponse {
  statusCode: number;
  body: unknown;
}

const errorOf = (body: unknown): { code?: string; message?: string } =>
  typeof body === 'object' && body !== null && 'error' in body
    ? ((body as { error: { code?: string; message?: string } }).error ?? {})
    : {};

/** `path` with `{id}` filled in, under the credential's base URL. */
export async function urlOf(caller: Caller, path: string, id?: string): Promise<string> {
  const credentials = await caller.getCredentials(CREDENTIAL);
  const base = String(credentials.baseUrl ?? '').replace(/\/+$/, '');
  return base + (id === undefined ? path : path.replace('{id}', encodeURIComponent(id)));
}

/** Any answer, error or not: for callers that treat some errors as answers (404 on unsubscribe). */
export async function dversumCall(
  caller: Caller,
  method: IHttpRequestMethods,
  url: string,
  options: { body?: IDataObject; qs?: IDataObject } = {},
): Promise<DversumAnswer> {
  const request: IHttpRequestOptions = {
    method,
    url,
    json: true,
    returnFullResponse: true,
    ignoreHttpStatusErrors: true,
    ...(options.body ? { body: options.body } : {}),
    ...(options.qs ? { qs: options.qs } : {}),
  };
  const response = (await caller.helpers.httpRequestWithAuthentication.call(
    caller,
    CREDENTIAL,
    request,
  )) as FullResponse;
  return { statusCode: response.statusCode, body: response.body };
}

/** A 2xx answer's body; anything else throws with dVersum's message. */
export async function dversumRequest(
  caller: Caller,
  method: IHttpRequestMethods,
  url: string,
  options: { body?: IDataObject; qs?: IDataObject } = {},
): Promise<unknown> {
  const answer = await dversumCall(caller, method, url, options);
  if (answer.statusCode >= 200 && answer.statusCode < 300) return answer.body;
  throw apiError(caller, answer);
}

/** A file's answer: its bytes and the headers that describe them. */
export interface DversumFile {
  bytes: Buffer;
  headers: Record<string, unknown>;
}

/** A file (a PDF) as bytes; an error answer throws with dVersum's message, as dversumRequest does. */
export async function dversumFile(caller: Caller, url: string): Promise<DversumFile> {
  const request: IHttpRequestOptions = {
    method: 'GET',
    url,
    encoding: 'arraybuffer',
    json: false,
    returnFullResponse: true,
    ignoreHttpStatusErrors: true,
  };
  const response = (await caller.helpers.httpRequestWithAuthentication.call(
    caller,
    CREDENTIAL,
    request,
  )) as FullResponse & { headers?: Record<string, unknown> };
  const bytes = Buffer.from(response.body as ArrayBuffer);
  if (response.statusCode >= 200 && response.statusCode < 300)
    return { bytes, headers: response.headers ?? {} };
  let body: unknown = {};
  try {
    body = JSON.parse(bytes.toString('utf8'));
  } catch {
    // Not dVersum's error body (a proxy's page): the status says it.
  }
  throw apiError(caller, { statusCode: response.statusCode, body });
}

export function apiError(caller: Caller, answer: DversumAnswer): NodeApiError {
  const error = errorOf(answer.body);
  const message = error.message ?? `dVersum answered ${answer.statusCode}`;
  return new NodeApiError(caller.getNode(), (answer.body ?? {}) as JsonObject, {
    message: `dVersum answered ${answer.statusCode}: ${message}`,
    description: error.code ? `Error code: ${error.code}` : undefined,
    httpCode: String(answer.statusCode),
  });
}
