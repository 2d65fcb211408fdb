// Installs n8n 2.8.4 once into a cache folder outside the repo and its node_modules
// (`${XDG_CACHE_HOME:-~/.cache}/dversum/n8n-2.8.4`, ~2.3 GB), for `npm run test:n8n`.
// xlsx is pinned to the registry's 0.18.5 (n8n asks for a tarball off the registry);
// npm_config_nodedir=/usr builds native modules against this machine's Node headers.
// Prints the folder; a finished install (n8n's package.json at 2.8.4) is reused as it is.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';

export const N8N_VERSION = '2.8.4';

export function n8nCacheDir(env = process.env) {
  const cache = env.XDG_CACHE_HOME || join(homedir(), '.cache');
  return join(cache, 'dversum', `n8n-${N8N_VERSION}`);
}

export function installedN8n(dir = n8nCacheDir()) {
  const manifest = join(dir, 'node_modules', 'n8n', 'package.json');
  const bin = join(dir, 'node_modules', 'n8n', 'bin', 'n8n');
  if (!existsSync(manifest) || !existsSync(join(dir, '.installed'))) return undefined;
  return JSON.parse(readFileSync(manifest, 'utf8')).version === N8N_VERSION ? bin : undefined;
}

export function installN8n(dir = n8nCacheDir(), log = (line) => console.log(line)) {
  const ready = installedN8n(dir);
  if (ready) return ready;
  mkdirSync(dir, { recursive: true });
  writeFileSync(
    join(dir, 'package.json'),
    `${JSON.stringify(
      {
        name: 'dversum-n8n-cache',
        private: true,
        dependencies: { n8n: N8N_VERSION },
        overrides: { xlsx: '0.18.5' },
      },
      null,
      2,
    )}\n`,
  );
  log(`installing n8n ${N8N_VERSION} into ${dir} (about 2.3 GB, several minutes)…`);
  const result = spawnSync('npm', ['install', '--no-audit', '--no-fund', '--loglevel=error'], {
    cwd: dir,
    stdio: 'inherit',
    env: { ...process.env, npm_config_nodedir: '/usr' },
  });
  if (result.status !== 0)
    throw new Error(`npm install of n8n ${N8N_VERSION} failed (exit ${result.status})`);
  writeFileSync(join(dir, '.installed'), `${new Date().toISOString()}\n`);
  return installedN8n(dir);
}

if (import.meta.url === `file://${process.argv[1]}`) console.log(installN8n());
