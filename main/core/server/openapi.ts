/**
 * The OpenAPI 3.1 document, generated from the same zod schemas that validate
 * the requests (@fastify/swagger with the zod provider's transform), and the
 * interactive reference at /api/docs (@fastify/swagger-ui, whose assets are
 * served from node_modules: nothing is fetched from the network).
 */
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { FastifyInstance } from 'fastify';
import { jsonSchemaTransform } from 'fastify-type-provider-zod';
import { APP_VERSION } from './app-version.js';
import { withServers, type OpenApiServer } from './openapi-servers.js';
import { nameComponents } from './openapi-components.js';
import type { Document } from './openapi-document.js';
import { documentLinks } from './openapi-links.js';
import { nameOperations } from './openapi-operations.js';
import { documentRules } from './openapi-rules.js';
import { shapeDocument } from './openapi-shape.js';
import { webhooksSection } from './openapi-webhooks.js';
import { docsPageQuery, introduction, type DocLanguage } from './docs-intro/index.js';
import { FAVICON_ICO, LOGO_PNG } from './brand-icons.js';
import { validatorCompiler } from './validator.js';

export const OPENAPI_PATH = '/api/v1/openapi.json';
export const DOCS_PATH = '/api/docs';

/** Languages of the page's definition selector (Swagger UI's top bar), by `lang`. */
const LANGUAGE_NAMES: Readonly<Record<DocLanguage, string>> = { en: 'English', de: 'Deutsch' };

/** What @fastify/swagger cannot take from the routes' zod: each step is a module of its own. */
function finishDocument<T extends object>(document: T): T {
  const doc = shapeDocument(document, OPENAPI_PATH) as Document;
  doc.webhooks = webhooksSection();
  nameOperations(doc);
  nameComponents(doc);
  documentRules(doc);
  documentLinks(doc);
  return document;
}

/**
 * The document as served: the `servers` of this moment (openapi-servers.ts) and the
 * introduction in `lang`, its examples naming the first of them.
 */
function localized<T extends object>(document: T, servers: OpenApiServer[], lang: DocLanguage): T {
  const served = withServers(document, servers) as T & { info: object };
  const description = introduction(lang, servers[0]?.url ?? '<your dVersum address>');
  return { ...served, info: { ...served.info, description } };
}

export const servedDocument = (
  app: FastifyInstance,
  servers: () => OpenApiServer[],
  lang: DocLanguage = 'en',
): Record<string, unknown> => localized(app.swagger() as Record<string, unknown>, servers(), lang);

const checkDocsQuery = validatorCompiler({
  schema: docsPageQuery,
  httpPart: 'querystring',
  method: 'GET',
  url: DOCS_PATH,
});

/** `lang` of a request to the docs' own routes, checked as a route schema would (422 `query.lang`). */
function docsLanguage(query: unknown): DocLanguage | undefined {
  const result = checkDocsQuery(query) as { value?: { lang?: DocLanguage }; error?: Error };
  if (result.error) throw result.error;
  return result.value?.lang;
}

export function registerOpenApi(app: FastifyInstance, servers: () => OpenApiServer[]): void {
  app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'dVersum API',
        version: APP_VERSION,
        // Replaced per answer (servedDocument): the language asked for, this server's address.
        description: introduction('en', '<your dVersum address>'),
        // The address the app names itself by (its webhooks' User-Agent, dispatcher/http-sender.ts).
        contact: { name: 'dVersum', url: 'https://dversum.com' },
        license: { name: 'Proprietary: the dVersum Desktop licence', url: 'https://dversum.com' },
      },
      tags: [
        { name: 'Incoming webhooks', description: 'Create, update and delete objects in dVersum' },
        { name: 'Read', description: 'Read objects, with the read permissions' },
        {
          name: 'Events',
          description: 'The events feed: catch up on or poll for the events webhooks receive',
        },
        {
          name: 'REST hooks',
          description:
            'Subscribe a URL to events with an API key (n8n and Zapier triggers do): dVersum then POSTs each event to it, signed',
        },
        {
          name: 'Webhooks',
          description:
            'What dVersum POSTs to a subscribed URL for each event, signed (Standard Webhooks): the `webhooks` section',
        },
        {
          name: 'Documents',
          description:
            'Invoices and quotes as PDF documents: with a read permission, or through the signed link events carry',
        },
        { name: 'Account', description: 'The calling key: test a credential' },
        { name: 'System', description: 'Health, this document and the event types' },
      ],
      components: {
        securitySchemes: {
          bearerAuth: {
            type: 'http',
            scheme: 'bearer',
            description: 'An API key from Settings > Integrations > Incoming Webhooks: `ik_live_…`',
          },
        },
      },
    },
    transform: jsonSchemaTransform,
    transformObject: (document) =>
      finishDocument('openapiObject' in document ? document.openapiObject : document.swaggerObject),
  });

  app.register(swaggerUi, {
    routePrefix: DOCS_PATH,
    uiConfig: {
      deepLinking: true,
      docExpansion: 'list',
      validatorUrl: null,
      // The top bar's definition selector picks the introduction's language; with `urls`,
      // a query on the page (`?lang=de` before the redirect below) cannot spoil the spec's URL.
      urls: (Object.keys(LANGUAGE_NAMES) as DocLanguage[]).map((lang) => ({
        url: lang === 'en' ? `${DOCS_PATH}/json` : `${DOCS_PATH}/json?lang=${lang}`,
        name: LANGUAGE_NAMES[lang],
      })),
    },
    theme: {
      title: 'dVersum API',
      favicon: [
        {
          filename: 'favicon.ico',
          rel: 'icon',
          sizes: '16x16 32x32 48x48',
          type: 'image/x-icon',
          content: FAVICON_ICO,
        },
      ],
    },
    // Inlined as a data: URL by the plugin (the page's CSP allows img-src data:).
    logo: { type: 'image/png', content: LOGO_PNG, href: DOCS_PATH },
    uiHooks: {
      // /api/docs?lang=de: Swagger UI selects a definition by `urls.primaryName` in the page's query.
      onRequest: async (request, reply) => {
        if (request.routeOptions.url?.replace(/\/$/, '') !== DOCS_PATH) return;
        const lang = docsLanguage(request.query);
        if (lang !== undefined)
          return reply.redirect(`${DOCS_PATH}?urls.primaryName=${LANGUAGE_NAMES[lang]}`, 302);
      },
    },
    // Swagger UI's default CSP allows https: fonts and styles and the validator badge; nothing
    // here needs the network, so the policy says so (test/core/server/docs-browser.test.ts checks it).
    // /api/docs/json: the same document as /api/v1/openapi.json, servers and `lang` included.
    transformSpecification: (document, request) =>
      localized(document, servers(), docsLanguage(request.query) ?? 'en'),
    transformSpecificationClone: false,
    staticCSP: true,
    transformStaticCSP: (header) =>
      header
        .replace(/ https:/g, '')
        .replace(/ validator\.swagger\.io/g, '')
        .replace(/ ?upgrade-insecure-requests;/g, '')
        .replace("default-src 'self';", "default-src 'self'; connect-src 'self';")
        // Swagger UI sets style attributes from script; scripts stay locked to this origin.
        .replace(/style-src 'self'[^;]*;/, "style-src 'self' 'unsafe-inline';"),
  });
}
