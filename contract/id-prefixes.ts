/**
 * Every id's type prefix (`cli_…`), the one list: the business objects' come
 * from the resource table, the others are declared here. The contract's id
 * schemas and the core's `newId` both read it.
 */
import { RESOURCE_LIST, type ResourceKey, type Resources } from './resources.js';

/** Ids of records that are no business object. */
const OTHER_PREFIXES = {
  event: 'evt',
  apiKey: 'key',
  webhook: 'whk',
  delivery: 'dlv',
  attempt: 'att',
  incomingCall: 'inc',
} as const;

export type IdPrefixes = { readonly [K in ResourceKey]: Resources[K]['prefix'] } & typeof OTHER_PREFIXES;

export const ID_PREFIXES = {
  ...Object.fromEntries(RESOURCE_LIST.map((r) => [r.key, r.prefix])),
  ...OTHER_PREFIXES,
} as IdPrefixes;

export type IdKind = keyof IdPrefixes;
