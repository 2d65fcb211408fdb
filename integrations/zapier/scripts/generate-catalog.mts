/** Writes generated/catalog.json and the copies of contract/ files (money, signature) as CommonJS: `npm run generate -w dversum-zapier`. */
import { writeFileSync } from 'node:fs';
import { buildCatalog, CATALOG_PATH, catalogText, COPIES, copyTexts } from './catalog-source.mjs';

writeFileSync(CATALOG_PATH, await catalogText(buildCatalog()));
console.log(`Wrote ${CATALOG_PATH}`);
for (const name of Object.keys(COPIES) as (keyof typeof COPIES)[]) {
  const texts = await copyTexts(name);
  writeFileSync(COPIES[name].js, texts.js);
  writeFileSync(COPIES[name].dts, texts.dts);
  console.log(`Wrote ${COPIES[name].js} and ${COPIES[name].dts}`);
}
