/** Writes generated/catalog.json and generated/money.js (with money.d.ts) from the contract: `npm run generate -w dversum-zapier`. */
import { writeFileSync } from 'node:fs';
import { buildCatalog, CATALOG_PATH, catalogText, MONEY_PATHS, moneyTexts } from './catalog-source.mjs';

writeFileSync(CATALOG_PATH, await catalogText(buildCatalog()));
console.log(`Wrote ${CATALOG_PATH}`);
const money = await moneyTexts();
writeFileSync(MONEY_PATHS.js, money.js);
writeFileSync(MONEY_PATHS.dts, money.dts);
console.log(`Wrote ${MONEY_PATHS.js} and ${MONEY_PATHS.dts}`);
