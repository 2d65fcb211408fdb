// @ts-check
/**
 * How the app talks to dVersum: the API's URLs under the connection's base
 * URL, the key on every request (beforeRequest), and dVersum's error bodies
 * `{ error: { code, message, details } }` turned into errors a Zapier user can
 * act on (afterResponse): 401 a bad key, 403 a missing permission or address,
 * 422 the fields dVersum refused, 429 a rate limit Zapier retries after.
 */
'use strict';

/** @typedef {import('zapier-platform-core').ZObject} ZObject */
/** @typedef {import('zapier-platform-core').Bundle} Bundle */
/** @typedef {import('zapier-platform-core').HttpRequestOptions} HttpRequestOptions */
/** @typedef {import('zapier-platform-core').HttpResponse} HttpResponse */

/** `https://dversum.example.com/` and `https://dversum.example.com` name the same server. */
const baseUrlOf = (/** @type {Bundle} */ bundle) =>
  String(bundle.authData.baseUrl ?? '')
    .trim()
    .replace(/\/+$/, '');

/** @param {Bundle} bundle @param {string} path `/api/v1/…` */
const apiUrl = (bundle, path) => `${baseUrlOf(bundle)}${path}`;

/**
 * @param {HttpRequestOptions & { throwForThrottlingEarly?: boolean }} request
 * @param {ZObject} _z
 * @param {Bundle} bundle
 */
function addApiKey(request, _z, bundle) {
  const key = bundle.authData && bundle.authData.apiKey;
  request.headers = request.headers ?? {};
  if (key && !request.headers.Authorization) request.headers.Authorization = `Bearer ${key}`;
  // A PDF's request asks for application/pdf; everything else is JSON.
  request.headers.Accept = request.headers.Accept ?? 'application/json';
  // Our afterResponse says what the 429 was (the minute or the day); Zapier's early check would not.
  request.throwForThrottlingEarly = false;
  return request;
}

/** @param {string} content @returns {{ code?: string, message?: string }} */
function errorBodyOf(content) {
  try {
    const body = JSON.parse(content);
    return body && typeof body.error === 'object' && body.error !== null ? body.error : {};
  } catch {
    return {};
  }
}

/**
 * A request made with `skipThrowForStatus` reads its own error statuses (an
 * unsubscribe takes a 404 as done) and calls this for the rest.
 * @param {HttpResponse} response @param {ZObject} z
 */
function explainErrors(response, z) {
  const { status } = response;
  if (status < 400 || response.skipThrowForStatus) return response;
  return throwFor(response, z);
}

/**
 * @param {HttpResponse | import('zapier-platform-core').RawHttpResponse} response @param {ZObject} z
 * @param {() => string} [contentOf] the body, for a raw response (`raw: true`), whose `content` is not there
 * @returns {never}
 */
function throwFor(response, z, contentOf = () => /** @type {HttpResponse} */ (response).content) {
  const { status } = response;
  let content = '';
  try {
    content = contentOf();
  } catch {
    // A raw response read by no one: its status says it.
  }
  const error = errorBodyOf(content);
  const said = error.message ?? `dVersum answered ${status} with no explanation`;
  if (status === 401) {
    throw new z.errors.Error(
      `dVersum refused the API key: ${said}. Check the key in Settings > Integrations > Incoming Webhooks and reconnect.`,
      'AuthenticationError',
      status,
    );
  }
  if (status === 403) throw new z.errors.Error(`dVersum refused this: ${said}`, 'Forbidden', status);
  // A 422's message names each refused field already (`Due date: enter a date as YYYY-MM-DD, such as 2026-06-30`).
  if (status === 422) throw new z.errors.Error(`dVersum refused the input: ${said}`, 'InvalidData', status);
  if (status === 429) {
    const retryAfter = Number.parseInt(response.getHeader('retry-after') ?? '', 10);
    throw new z.errors.ThrottledError(
      `dVersum's rate limit is reached: ${said}`,
      Number.isNaN(retryAfter) ? undefined : retryAfter,
    );
  }
  throw new z.errors.Error(`dVersum answered ${status}: ${said}`, error.code ?? 'ApiError', status);
}

module.exports = { apiUrl, baseUrlOf, addApiKey, explainErrors, throwFor };
