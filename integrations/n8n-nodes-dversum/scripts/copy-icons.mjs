// Copies each node's svg icon beside its built .js in dist/ (tsc copies only code).
import { cpSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
for (const node of readdirSync(join(root, 'nodes'), { withFileTypes: true })) {
  if (!node.isDirectory()) continue;
  for (const file of readdirSync(join(root, 'nodes', node.name))) {
    if (file.endsWith('.svg'))
      cpSync(join(root, 'nodes', node.name, file), join(root, 'dist', 'nodes', node.name, file));
  }
}
