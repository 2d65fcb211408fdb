// @ts-check
/**
 * `find_client`: a client by e-mail or by name. The clients list
 * (`GET /api/v1/clients?search=…`) matches text anywhere in a client's name,
 * e-mail or company, so the search asks it for the text and keeps only the
 * clients whose e-mail (or name) is that text, ignoring case; it follows the
 * list's cursor for at most MAX_PAGES pages. The e-mail wins when both are given.
 */
'use strict';

const catalog = require('../generated/catalog.json');
const { apiUrl } = require('./http');

/** @typedef {import('zapier-platform-core').ZObject} ZObject */
/** @typedef {import('zapier-platform-core').Bundle} Bundle */
/** @typedef {{ id: string, name: string, email: string | null }} Client */

const PAGE_SIZE = 200;
/** 2,000 clients matching the text anywhere: past that the search says so instead of reading on. */
const MAX_PAGES = 10;

const clients = /** @type {(typeof catalog.objects)[number]} */ (
  catalog.objects.find((object) => object.key === 'client')
);

/** @param {ZObject} z @param {Bundle} bundle */
async function perform(z, bundle) {
  const email = String(bundle.inputData.email ?? '').trim();
  const name = String(bundle.inputData.name ?? '').trim();
  if (!email && !name) throw new z.errors.Error('Give an e-mail or a name to look for', 'InvalidData', 400);
  const wanted = (email || name).toLowerCase();
  const matches = (/** @type {Client} */ client) =>
    (email ? (client.email ?? '') : client.name).trim().toLowerCase() === wanted;

  /** @type {Client[]} */
  const found = [];
  /** @type {string | undefined} */
  let cursor;
  for (let page = 0; page < MAX_PAGES; page++) {
    const response = await z.request({
      url: apiUrl(bundle, clients.listPath),
      params: { search: email || name, limit: String(PAGE_SIZE), ...(cursor ? { cursor } : {}) },
    });
    const { items, nextCursor } = /** @type {{ items: Client[], nextCursor?: string }} */ (response.data);
    found.push(...items.filter(matches));
    cursor = nextCursor;
    if (!cursor) return found;
  }
  if (found.length > 0) return found;
  // Saying "none" here could make a Find or Create step create a duplicate.
  throw new z.errors.Error(
    `More than ${MAX_PAGES * PAGE_SIZE} clients contain "${email || name}" and none of the first ` +
      `${MAX_PAGES * PAGE_SIZE} has it as its ${email ? 'e-mail' : 'name'}: search for something more specific`,
    'TooManyCandidates',
    400,
  );
}

const searches = {
  find_client: {
    key: 'find_client',
    noun: 'Client',
    display: {
      label: 'Find Client',
      description: 'Finds a client by e-mail or by name (the whole e-mail or name, ignoring case).',
    },
    operation: {
      inputFields: [
        {
          key: 'email',
          label: 'E-mail',
          type: /** @type {const} */ ('string'),
          required: false,
          helpText: 'The whole e-mail address, such as anna@example.com. Takes precedence over the name.',
        },
        {
          key: 'name',
          label: 'Name',
          type: /** @type {const} */ ('string'),
          required: false,
          helpText: 'The whole name, such as Anna Schmidt: used when no e-mail is given.',
        },
      ],
      perform,
      sample: clients.sample,
    },
  },
};

/** Zapier's "Find or Create": the client search, then Create Client when it finds none. */
const searchOrCreates = {
  find_client: {
    key: 'find_client',
    display: {
      label: 'Find or Create Client',
      description: 'Finds a client by e-mail or by name, and creates one when there is none.',
    },
    search: 'find_client',
    create: 'client',
  },
};

module.exports = { searches, searchOrCreates };
