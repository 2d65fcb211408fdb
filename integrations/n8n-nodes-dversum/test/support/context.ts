/**
 * A thin n8n context for driving the nodes outside n8n: the node parameters a
 * workflow would hold, the credential, the node's static data, and
 * `helpers.httpRequestWithAuthentication` performing real HTTP with the
 * credential's own `authenticate` applied (its `{{$credentials.…}}`
 * templates filled in) and honouring `qs`, `json`, `encoding: 'arraybuffer'`,
 * `returnFullResponse` and `ignoreHttpStatusErrors` as n8n does, and
 * `helpers.prepareBinaryData` as n8n's default (in-memory) binary mode. Nothing is answered here: every
 * request reaches the dVersum the test started.
 */
import { extname } from 'node:path';
import type {
  IBinaryData,
  ICredentialDataDecryptedObject,
  IDataObject,
  IExecuteFunctions,
  IHookFunctions,
  IHttpRequestOptions,
  INode,
  IWebhookFunctions,
} from 'n8n-workflow';
import { DversumApi } from '../../credentials/DversumApi.credentials';

export interface Credentials extends ICredentialDataDecryptedObject {
  baseUrl: string;
  apiKey: string;
}

/** `=Bearer {{$credentials.apiKey}}` with the credential's values. */
export const fillTemplate = (template: string, credentials: Credentials): string =>
  template
    .replace(/^=/, '')
    .replace(/\{\{\s*\$credentials\.(\w+)\s*\}\}/g, (_, name: string) => String(credentials[name]));

export interface HttpAnswer {
  statusCode: number;
  headers: Record<string, string>;
  body: unknown;
}

/** One request as n8n's httpRequest performs it (the options the nodes use). */
export async function httpRequest(options: IHttpRequestOptions): Promise<unknown> {
  // axios (n8n's client) joins baseURL and url as text.
  const url = new URL(options.baseURL ? options.baseURL.replace(/\/+$/, '') + options.url : options.url);
  for (const [name, value] of Object.entries(options.qs ?? {})) url.searchParams.set(name, String(value));
  const hasBody = options.body !== undefined;
  const response = await fetch(url, {
    method: options.method ?? 'GET',
    headers: {
      ...(options.json ? { accept: 'application/json' } : {}),
      ...(hasBody ? { 'content-type': 'application/json' } : {}),
      ...(options.headers as Record<string, string>),
    },
    ...(hasBody ? { body: JSON.stringify(options.body) } : {}),
  });
  // `encoding: 'arraybuffer'`: axios in Node hands the bytes over as a Buffer, whatever the status.
  const bytes = options.encoding === 'arraybuffer' ? Buffer.from(await response.arrayBuffer()) : undefined;
  const text = bytes ? '' : await response.text();
  const body: unknown = bytes ?? (options.json && text ? JSON.parse(text) : text);
  if (response.status >= 400 && !options.ignoreHttpStatusErrors) {
    throw Object.assign(new Error(`Request failed with status code ${response.status}`), {
      httpCode: String(response.status),
      response: { status: response.status, data: body },
    });
  }
  if (!options.returnFullResponse) return body;
  return {
    statusCode: response.status,
    headers: Object.fromEntries(response.headers),
    body,
  } satisfies HttpAnswer;
}

/** The credential's `authenticate` applied to a request. */
export function authenticated(options: IHttpRequestOptions, credentials: Credentials): IHttpRequestOptions {
  const auth = new DversumApi().authenticate;
  const headers = Object.fromEntries(
    Object.entries(auth.properties.headers ?? {}).map(([name, value]) => [
      name,
      fillTemplate(String(value), credentials),
    ]),
  );
  return { ...options, headers: { ...options.headers, ...headers } };
}

/** What the credential's test in n8n's credential dialog sends. */
export function credentialTest(credentials: Credentials): Promise<unknown> {
  const { request } = new DversumApi().test;
  return httpRequest(
    authenticated(
      {
        url: request.url ?? '',
        baseURL: fillTemplate(String(request.baseURL), credentials),
        method: request.method ?? 'GET',
        json: true,
        returnFullResponse: true,
        ignoreHttpStatusErrors: true,
      },
      credentials,
    ),
  );
}

export interface ContextOptions {
  credentials: Credentials;
  /** The node's parameters; an array gives each input item its own. */
  parameters: IDataObject | IDataObject[];
  staticData?: IDataObject;
  webhookUrl?: string;
  /** For a webhook call: the request as it arrived. */
  request?: { rawBody: Buffer; headers: Record<string, unknown> };
}

/** What a webhook call answered when the node answered it itself (`noWebhookResponse`). */
export interface RecordedResponse {
  status?: number;
  body?: unknown;
}

const NODE: INode = {
  id: 'node-1',
  name: 'dVersum',
  type: 'CUSTOM.dversum',
  typeVersion: 1,
  position: [0, 0],
  parameters: {},
};

/** One context object with every function the nodes call, typed as each n8n context they run in. */
export function n8nContext(options: ContextOptions) {
  const perItem = Array.isArray(options.parameters) ? options.parameters : [options.parameters];
  const staticData = options.staticData ?? {};
  const response: RecordedResponse = {};
  const context = {
    getNode: () => NODE,
    getInputData: () => perItem.map(() => ({ json: {} })),
    // An execute function's (name, itemIndex, fallback); a hook's and a webhook's (name, fallback).
    getNodeParameter: (name: string, indexOrFallback: unknown = 0, fallbackValue?: unknown) => {
      const itemIndex = typeof indexOrFallback === 'number' ? indexOrFallback : 0;
      const fallback = typeof indexOrFallback === 'number' ? fallbackValue : indexOrFallback;
      const params = perItem[itemIndex] ?? perItem[0];
      if (name in params) return params[name];
      if (fallback !== undefined) return fallback;
      throw new Error(`the test gave no parameter "${name}"`);
    },
    continueOnFail: () => false,
    getCredentials: async () => options.credentials,
    getWorkflowStaticData: () => staticData,
    getNodeWebhookUrl: () => options.webhookUrl,
    getWorkflow: () => ({ id: 'wf-1', name: 'New task → client', active: true }),
    getRequestObject: () => options.request,
    getHeaderData: () => options.request?.headers ?? {},
    getBodyData: () => JSON.parse(options.request?.rawBody.toString() ?? '{}') as IDataObject,
    getResponseObject: () => ({
      status(code: number) {
        response.status = code;
        return this;
      },
      json(body: unknown) {
        response.body = body;
        return this;
      },
    }),
    helpers: {
      // n8n's default binary mode keeps the bytes in the item, as base64.
      prepareBinaryData: async (data: Buffer, fileName?: string, mimeType?: string): Promise<IBinaryData> => ({
        data: data.toString('base64'),
        mimeType: mimeType ?? 'application/octet-stream',
        ...(fileName ? { fileName, fileExtension: extname(fileName).slice(1) } : {}),
        fileSize: `${data.length} B`,
      }),
      httpRequestWithAuthentication: (credentialType: string, request: IHttpRequestOptions) => {
        if (credentialType !== 'dversumApi') throw new Error(`unknown credential type ${credentialType}`);
        return httpRequest(authenticated(request, options.credentials));
      },
    },
  };
  return {
    staticData,
    response,
    execute: context as unknown as IExecuteFunctions,
    hook: context as unknown as IHookFunctions,
    webhook: context as unknown as IWebhookFunctions,
  };
}
