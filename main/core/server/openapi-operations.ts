/**
 * Each operation's identity in the document: its `operationId`
 * (`openapi-names.ts`), and its security said outright: the routes that need
 * no key (`/healthz`, this document) carry `security: []`, so no reader takes
 * them for keyed ones. The two public routes (built in app.ts) get their
 * descriptions here.
 */
import { operationsOf, type Document } from './openapi-document.js';
import { operationIdOf, operationKey } from './openapi-names.js';

const PUBLIC_DESCRIPTIONS: Readonly<Record<string, string>> = {
  'GET /healthz':
    'Answers 200 while the server runs, with its version. Needs no key: for monitors and for finding the server.',
  'GET /api/v1/openapi.json':
    'This document: every operation, its rules and the webhooks dVersum sends. Needs no key. `servers` names this ' +
    "server's address, and the public address first when one is set in Settings.",
};

export function nameOperations(doc: Document): void {
  for (const { method, path, operation } of operationsOf(doc)) {
    const id = operationIdOf(method, path);
    if (id) operation.operationId = id;
    if (!operation.security?.length) {
      operation.security = [];
      operation.description ??= PUBLIC_DESCRIPTIONS[operationKey(method, path)];
    }
  }
}
