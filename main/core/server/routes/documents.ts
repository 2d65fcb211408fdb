/**
 * Invoices and quotes as PDFs (main/core/documents/):
 * - `GET /api/v1/invoices/:id/pdf` and `GET /api/v1/quotes/:id/pdf`, with the
 *   object's read permission, answered as reading the object is (401, 403,
 *   404 for an unknown id);
 * - `GET /api/v1/documents/:id/:version?expires=…&signature=…`, the signed
 *   link events carry in `data.documentUrl`: no key. Every link that does not
 *   hold — expired, altered, signed with a rotated secret, another version,
 *   malformed — gets the same 404 body, so a caller learns nothing of which
 *   part was wrong (the route's schema documents the parameters, but its
 *   validation only marks the request: `attachValidation`).
 */
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  DOCUMENT_LINK_DAYS,
  DOCUMENT_PDF_SUFFIX,
  DOCUMENT_RESOURCE_KEYS,
  RESOURCES,
  readPermission,
  type invoiceResource,
  type quoteResource,
} from '../../../../contract/index.js';
import { DOCUMENT_LINK_PATH } from '../../documents/document-links.js';
import type { DocumentFile } from '../../documents/documents-service.js';
import { AppError, notFound } from '../../errors.js';
import { commitPolicies } from '../../handlers/policy.js';
import type { Core } from '../../services.js';
import { BY_ID, errorResponses, KEYED } from '../api-responses.js';
import { localServerUrl } from '../openapi-servers.js';

/** What the routes use of the core. */
export type DocumentServices = Pick<Core, 'documents' | 'work' | 'availability' | 'idempotency' | 'settings'>;

/** The one answer for every document link that does not hold. */
export const DOCUMENT_LINK_REFUSED =
  'This document link does not work: it may have expired. Ask for a new link, or download the document in dVersum';

const pdfResponse = (description: string) => ({
  description,
  content: { 'application/pdf': { schema: z.string().meta({ format: 'binary' }) } },
});

const idParams = z.object({ id: z.string().max(100).describe('The object id, such as inv_…') });

const linkParams = z.object({
  document: z
    .string()
    .regex(/^(inv|quo)_[0-9a-z]{26}$/)
    .describe('The invoice or quote (inv_… or quo_…)'),
  version: z
    .string()
    .regex(/^[0-9a-f]{16}$/)
    .describe('The version of the document: the start of its SHA-256, 16 hex digits'),
});
const linkQuery = z.object({
  expires: z
    .string()
    .regex(/^[0-9]{1,12}$/)
    .describe('When the link stops working, in seconds since 1970 (UTC)'),
  signature: z
    .string()
    .regex(/^[A-Za-z0-9_-]{43}$/)
    .describe("dVersum's signature (HMAC-SHA256, base64url) over the document, version and expiry"),
});

function sendPdf(reply: FastifyReply, file: DocumentFile): FastifyReply {
  return reply
    .type('application/pdf')
    .header('content-disposition', `attachment; filename="${file.fileName}"`)
    .header('etag', `"${file.version}"`)
    .header('cache-control', 'private, no-cache')
    .send(file.bytes);
}

export async function documentRoutes(
  fastify: FastifyInstance,
  options: { core: DocumentServices; port?: number },
): Promise<void> {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const { core } = options;
  const { read } = commitPolicies(core);
  // Links in events start at the address this server really answers on (or the public one).
  core.documents.links.useLocalAddress(() => {
    const { server } = core.settings.get();
    return localServerUrl(fastify.server.address(), { host: server.host, port: options.port ?? server.port });
  });

  const register = (resource: typeof invoiceResource | typeof quoteResource) => {
    const permission = readPermission(resource);
    const file = read((id: string) => core.documents.file(id));
    app.get(
      `/api/v1/${resource.segment}/:id${DOCUMENT_PDF_SUFFIX}`,
      {
        config: { permission },
        schema: {
          tags: ['Documents'],
          summary: `Download a ${resource.noun} as a PDF`,
          description:
            `Needs the permission \`${permission}\`. An A4 document with your company details ` +
            `(Settings > General > Company), the client, the items, net, tax per rate and total. ` +
            `A draft is rendered from its data; once sent, the ${resource.noun} is stored as it was sent and ` +
            'returned byte for byte the same, whatever changes later.',
          security: [{ bearerAuth: [] }],
          params: idParams,
          response: {
            200: pdfResponse(`The ${resource.noun} as a PDF`),
            ...errorResponses([...KEYED, ...BY_ID]),
          },
        },
      },
      async (request, reply) => {
        const id = request.params.id;
        // An invoice's route never answers a quote, nor the other way round.
        if (!id.startsWith(`${resource.prefix}_`)) throw notFound(resource.noun, id);
        return sendPdf(reply, file(id));
      },
    );
  };
  for (const key of DOCUMENT_RESOURCE_KEYS) register(RESOURCES[key]);

  const refused = () => new AppError('not_found', DOCUMENT_LINK_REFUSED);
  const byLink = read((link: Parameters<DocumentServices['documents']['byLink']>[0]) =>
    core.documents.byLink(link),
  );
  app.get(
    `${DOCUMENT_LINK_PATH}/:document/:version`,
    {
      attachValidation: true,
      schema: {
        tags: ['Documents'],
        summary: 'Download a document through its signed link',
        description:
          'The link an event carries in `data.documentUrl` (`invoice.sent`, `invoice.paid`, `invoice.overdue`, ' +
          `\`quote.sent\`, \`quote.accepted\`): no API key, valid for ${DOCUMENT_LINK_DAYS} days, always the same ` +
          'bytes for the version it names. Rotating the link secret (Settings) ends every link made so far. ' +
          'A link that is expired, changed or for another version is a 404, the same for every reason.',
        params: linkParams,
        querystring: linkQuery,
        response: {
          200: pdfResponse('The document as a PDF'),
          ...errorResponses([400, 404], {
            404: 'The link does not work (expired, changed, signed before a rotation, or for another version): the same answer for each',
          }),
        },
      },
    },
    async (request, reply) => {
      if (request.validationError) throw refused();
      const { document, version } = request.params;
      const { expires, signature } = request.query;
      const file = byLink({ id: document, version, expires, signature });
      if (!file) throw refused();
      return sendPdf(reply, file);
    },
  );
}
