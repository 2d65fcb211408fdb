// @ts-check
/**
 * Invoices and quotes as PDF files for later Zap steps (Google Drive, Dropbox,
 * e-mail): a search per document object, "Find Invoice PDF" and "Find Quote PDF"
 * (generated/catalog.json's `documents`, derived from contract/documents.ts).
 * The search reads the object by its id (`GET /api/v1/invoices/{id}`, the read
 * permission), so an unknown id or a missing permission is dVersum's own 404 or
 * 403 at once, and returns it with `pdf`: a file Zapier fetches only when a step
 * uses it, through the `documentPdf` hydrator, which stashes dVersum's
 * `GET …/{id}/pdf` with `z.stashFile` (Zapier's way to hand a file on; the
 * file is named as dVersum's Content-Disposition names it, `<number>.pdf`).
 */
'use strict';

const catalog = require('../generated/catalog.json');
const { apiUrl, throwFor } = require('./http');

/** @typedef {import('zapier-platform-core').ZObject} ZObject */
/** @typedef {import('zapier-platform-core').Bundle} Bundle */
/** @typedef {(typeof catalog.documents)[number]} CatalogDocument */

/** @param {string} path @param {string} id */
const pathOf = (path, id) => path.replace('{id}', encodeURIComponent(id));

/** The PDF paths the hydrator fetches: a document's, `{id}` one path segment. */
const PDF_PATHS = catalog.documents.map(
  (document) =>
    new RegExp(`^${document.pdfPath.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace('{id}', '[^/?#]+')}$`),
);

/**
 * The PDF at `inputData.path`, stashed as a file; an error answer is dVersum's message. A path
 * that is not a document's PDF is refused: the hydrator fetches nothing else with the key.
 * @param {ZObject} z @param {Bundle} bundle
 */
async function documentPdf(z, bundle) {
  const path = String(bundle.inputData.path ?? '');
  if (!PDF_PATHS.some((pattern) => pattern.test(path))) {
    throw new z.errors.Error(`Not the path of an invoice's or quote's PDF: ${path}`, 'InvalidData', 400);
  }
  const response = await z.request({
    url: apiUrl(bundle, path),
    method: 'GET',
    raw: true,
    skipThrowForStatus: true,
    headers: { Accept: 'application/pdf' },
  });
  if (response.status >= 400) {
    const content = await response.text();
    throwFor(response, z, () => content);
  }
  return z.stashFile(Promise.resolve(response));
}

const hydrators = { documentPdf };

/** @param {CatalogDocument} document */
function searchOf(document) {
  const article = /^[aeiou]/i.test(document.object) ? 'an' : 'a';
  /** @param {ZObject} z @param {Bundle} bundle */
  async function perform(z, bundle) {
    const id = String(bundle.inputData.id ?? '').trim();
    if (!id) {
      throw new z.errors.Error(
        `${document.noun} ID is required: give the ${document.object}'s ID, such as ${document.idPrefix}_…`,
        'InvalidData',
        400,
      );
    }
    const response = await z.request({ url: apiUrl(bundle, pathOf(document.getPath, id)), method: 'GET' });
    const found = /** @type {Record<string, unknown>} */ (response.data);
    return [
      { ...found, pdf: z.dehydrateFile(hydrators.documentPdf, { path: pathOf(document.pdfPath, id) }) },
    ];
  }
  return {
    key: document.key,
    noun: `${document.noun} PDF`,
    display: {
      label: `Find ${document.noun} PDF`,
      description:
        `Finds ${article} ${document.object} by its ID and hands on its PDF as a file, for a step that stores ` +
        `or sends it (needs ${document.permission}).`,
    },
    operation: {
      inputFields: [
        {
          key: 'id',
          label: `${document.noun} ID`,
          type: /** @type {const} */ ('string'),
          required: true,
          helpText: `The ${document.object}'s ID, such as ${document.idPrefix}_… (a trigger's or a create's \`id\`).`,
        },
      ],
      perform,
      outputFields: [{ key: 'pdf', label: 'PDF', type: /** @type {const} */ ('file') }],
      sample: { .../** @type {object} */ (document.sample), pdf: 'SAMPLE FILE' },
    },
  };
}

const searches = Object.fromEntries(catalog.documents.map((document) => [document.key, searchOf(document)]));

module.exports = { hydrators, searches };
