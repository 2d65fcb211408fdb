/** Writes generated/catalog.json from the contract: `npm run generate -w dversum-zapier`. */
import { writeFileSync } from 'node:fs';
import { buildCatalog, CATALOG_PATH, catalogText } from './catalog-source.mjs';

writeFileSync(CATALOG_PATH, await catalogText(buildCatalog()));
console.log(`Wrote ${CATALOG_PATH}`);
