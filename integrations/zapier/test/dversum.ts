/**
 * A real headless dVersum on a socket for the app's tests (the Fastify app on a
 * test core, listening on 127.0.0.1 port 0, its dispatcher started), and the
 * app under zapier-platform-core's app tester. The app is CommonJS, loaded with
 * Node's own require as Zapier loads it.
 */
import { createRequire } from 'node:module';
import type { Permission } from '../../../contract/index.js';
import { createHarness, listen, type Harness } from '../../../test/support/server.js';

const require = createRequire(import.meta.url);

/** The parts of the app definition the tests call (the app tester takes the functions themselves). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Fn = (...args: any[]) => any;
export type ZapierApp = Record<string, unknown> & {
  authentication: { test: Fn; connectionLabel: Fn };
  triggers: Record<
    string,
    { operation: Record<'perform' | 'performList' | 'performSubscribe' | 'performUnsubscribe', Fn> }
  >;
  creates: Record<string, { operation: { perform: Fn; inputFields: { key: string; required: boolean }[] } }>;
  searches: Record<string, { operation: { perform: Fn } }>;
};
export const App = require('../index.js') as ZapierApp;
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AppTester = (method: Fn, bundle?: Record<string, unknown>) => Promise<any>;
/** The two entry points the tests use (`createAppHandler`, what the CLI runs, is not in the package's types). */
export const zapier = require('zapier-platform-core') as {
  createAppTester(app: unknown): AppTester;
  createAppHandler(app: unknown): (event: object) => Promise<{ results: unknown }>;
};
export const appTester = zapier.createAppTester(App);

export interface Dversum {
  h: Harness;
  /** `http://127.0.0.1:<port>`, what the user enters as the base URL. */
  baseUrl: string;
  /** A connection: the base URL and a new key with these permissions. */
  authData(permissions: Permission[]): { baseUrl: string; apiKey: string };
  close(): Promise<void>;
}

export async function startDversum(): Promise<Dversum> {
  const h = await createHarness();
  await h.core.start();
  const baseUrl = await listen(h.app);
  return {
    h,
    baseUrl,
    authData: (permissions) => ({ baseUrl, apiKey: h.key(permissions) }),
    close: () => h.close(),
  };
}

/** What the app tester rejects with: zapier-platform-core's errors carry `{ message, code, status }` as JSON. */
export async function failureOf(
  run: Promise<unknown>,
): Promise<{ name: string; message: string; code?: string; status?: number; delay?: number }> {
  const error = await run.then(
    () => {
      throw new Error('expected the call to fail, but it succeeded');
    },
    (e: Error) => e,
  );
  try {
    return { name: error.name, ...(JSON.parse(error.message) as { message: string }) };
  } catch {
    return { name: error.name, message: error.message };
  }
}
