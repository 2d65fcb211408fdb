/**
 * electron-vite: the main process (ESM, dependencies left in node_modules),
 * the preload (CommonJS — a sandboxed preload cannot be an ES module — with
 * everything but electron bundled in, since a sandbox can require nothing
 * else) and the window, built with renderer/vite.config.ts's own settings.
 * The migrations are copied next to the main bundle (out/main/migrations):
 * openStore reads them at start.
 */
import { cpSync, existsSync, rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'electron-vite';
import type { Plugin, UserConfig } from 'vite';

const here = (path: string): string => fileURLToPath(new URL(path, import.meta.url));

function copyMigrations(): Plugin {
  return {
    name: 'dversum:copy-migrations',
    apply: 'build',
    closeBundle() {
      const target = here('./out/main/migrations');
      rmSync(target, { recursive: true, force: true });
      cpSync(here('./main/core/store/migrations'), target, { recursive: true });
    },
  };
}

async function rendererSettings(): Promise<UserConfig> {
  const input = here('./renderer/index.html');
  if (!existsSync(here('./renderer/vite.config.ts'))) {
    return {
      root: here('./renderer'),
      base: './',
      build: { outDir: here('./out/renderer'), emptyOutDir: true, rolldownOptions: { input } },
    };
  }
  const { default: config } = (await import('./renderer/vite.config.js')) as { default: UserConfig };
  return {
    ...config,
    root: here('./renderer'),
    // electron-vite leaves the window unminified by default; the installers carry it minified.
    build: { minify: true, ...config.build, rolldownOptions: { ...config.build?.rolldownOptions, input } },
  };
}

export default defineConfig(async () => ({
  main: {
    build: {
      outDir: here('./out/main'),
      rolldownOptions: {
        input: { index: here('./main/index.ts') },
        output: { format: 'es' as const, entryFileNames: '[name].js' },
      },
    },
    plugins: [copyMigrations()],
  },
  preload: {
    build: {
      outDir: here('./out/preload'),
      externalizeDeps: false,
      rolldownOptions: {
        input: { index: here('./preload/index.ts') },
        output: { format: 'cjs' as const, entryFileNames: '[name].cjs' },
      },
    },
  },
  renderer: await rendererSettings(),
}));
