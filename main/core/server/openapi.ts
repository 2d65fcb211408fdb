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

export const OPENAPI_PATH = '/api/v1/openapi.json';
export const DOCS_PATH = '/api/docs';

const DESCRIPTION = `
The dVersum REST API and incoming webhooks: push tasks, clients, projects, time entries,
invoices and quotes into dVersum from n8n, Zapier or your own scripts, and read them back.

## Authentication
Create an incoming webhook (an API key) in **Settings > Integrations > Incoming Webhooks**, choose
its permissions, and send it with every call:

    Authorization: Bearer ik_live_…

The key is shown once. Write permissions do not include read: give a key only what it needs.

## Example: create a task with curl

    curl -X POST http://127.0.0.1:4317/api/v1/webhooks/incoming/tasks \\
      -H "Authorization: Bearer ik_live_…" \\
      -H "Content-Type: application/json" \\
      -H "Idempotency-Key: mail-4711" \\
      -d '{"title": "New enquiry: website relaunch", "description": "Hello, we would like…"}'

The answer is the new task (201). Repeating the call with the same \`Idempotency-Key\` and body
within 24 hours returns the same task and creates nothing.

## Example: n8n (new e-mail → task in dVersum)
1. Create an incoming webhook in dVersum with the permission *Create/edit/delete tasks*; copy the key.
2. In n8n, start the workflow with an e-mail trigger (Gmail or IMAP).
3. Add an **HTTP Request** node:
   - Method: **POST**
   - URL: \`http://127.0.0.1:4317/api/v1/webhooks/incoming/tasks\` (your dVersum address)
   - Header: \`Authorization\` = \`Bearer YOUR_API_KEY\`
   - Body: JSON, \`{"title": "{{ $json.subject }}", "description": "{{ $json.text }}"}\`
     (Subject → Title, Content → Description)
4. Run the workflow: the task appears in dVersum, and \`task.created\` goes to your outgoing webhooks.

## Errors
Every error is JSON \`{"error": {"code", "message", "details"}}\` (the \`Error\` schema): 400 malformed JSON
or URL, 401 missing or unknown key, 403 missing permission or address outside the key's IP whitelist,
404 unknown id, 409 conflict, 413 body over 1 MiB, 415 not \`application/json\`, 422 invalid fields (each
named in \`details.fields\`), 429 rate limit (\`Retry-After\`, \`RateLimit-Limit\`, \`RateLimit-Remaining\`,
\`RateLimit-Reset\`), 503 the database cannot be written (nothing was saved). Each operation lists the
statuses it can answer.

## Rate limits
At most 100 requests per minute per key, 10,000 API calls per day in all, and by default half of that
(5,000) per key per day, so one key cannot use up the day for the others (all three in Settings). Only
allowed calls spend the daily limits: a call refused for a missing permission counts in its key's minute
only, one from outside the key's IP whitelist nowhere. A 429 says which limit was hit in its message and
in \`details.limit\` (\`perMinute\`, \`perKeyPerDay\` or \`perDay\`), with \`Retry-After\`; the
\`RateLimit-*\` headers describe the window closest to refusing (on a 429, the one that refused).
`;

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

/** The document as served, with the `servers` of this moment (openapi-servers.ts). */
export const servedDocument = (app: FastifyInstance, servers: () => OpenApiServer[]): object =>
  withServers(app.swagger(), servers());

export function registerOpenApi(app: FastifyInstance, servers: () => OpenApiServer[]): void {
  app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'dVersum API',
        version: APP_VERSION,
        description: DESCRIPTION,
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
    uiConfig: { deepLinking: true, docExpansion: 'list', validatorUrl: null },
    theme: { title: 'dVersum API' },
    // Swagger UI's default CSP allows https: fonts and styles and the validator badge; nothing
    // here needs the network, so the policy says so (test/core/server/docs-browser.test.ts checks it).
    // /api/docs/json: the same document as /api/v1/openapi.json, servers included.
    transformSpecification: (document) => withServers(document, servers()),
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
