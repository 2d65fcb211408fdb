/**
 * Quitting in order: first the server stops accepting requests (and lets the
 * ones in progress answer); deliveries in flight get a few seconds to finish;
 * then the core stops its background services — a delivery still in flight
 * stays due in its row and is sent again at the next start — and closes the
 * database; the window and tray go last, and only then does the process exit. Each step runs even when one before it failed, and a second
 * Quit while the first is under way waits for the same sequence.
 */
export interface ShutdownStep {
  name: string;
  run(): void | Promise<void>;
}

export interface QuitSequenceDeps {
  steps: ShutdownStep[];
  /** The real exit (app.exit): called once, after every step. */
  exit(code: number): void;
  logError?(step: string, err: unknown): void;
}

export class QuitSequence {
  #running: Promise<void> | null = null;

  constructor(private readonly deps: QuitSequenceDeps) {}

  get started(): boolean {
    return this.#running !== null;
  }

  run(): Promise<void> {
    this.#running ??= this.#runSteps();
    return this.#running;
  }

  async #runSteps(): Promise<void> {
    let failed = false;
    for (const step of this.deps.steps) {
      try {
        await step.run();
      } catch (err) {
        failed = true;
        this.deps.logError?.(step.name, err);
      }
    }
    this.deps.exit(failed ? 1 : 0);
  }
}

/** The parts of a Fastify instance that stopping it needs. */
export interface ClosableServer {
  close(): Promise<unknown>;
  server: { closeIdleConnections(): void; closeAllConnections(): void };
}

/**
 * Stops listening at once and waits for the requests in progress. A client's
 * keep-alive connection that falls idle meanwhile (n8n keeps them) would hold
 * close() open for the keep-alive timeout, so idle connections are swept as
 * they appear; after `graceMs` whatever is left is cut.
 */
export async function stopAcceptingRequests(
  server: ClosableServer,
  graceMs = 10_000,
  sweepMs = 50,
): Promise<void> {
  const closing = server.close();
  server.server.closeIdleConnections();
  const sweep = setInterval(() => server.server.closeIdleConnections(), sweepMs);
  const deadline = setTimeout(() => server.server.closeAllConnections(), graceMs);
  try {
    await closing;
  } finally {
    clearInterval(sweep);
    clearTimeout(deadline);
  }
}

export interface ShutdownTargets {
  /** The embedded Fastify server (null when it never started listening). */
  server: ClosableServer | null;
  /** Resolves when no delivery is in flight (core.dispatcher.idle). */
  deliveries: { idle(): Promise<void> };
  /** core.close(): background services stop (what is still in flight stays due), then the database closes. */
  core: { close(): Promise<void> };
  /** Timers, tray, IPC handlers, windows. */
  ui(): void;
}

/** Waits for `work`, but no longer than `ms`. */
export async function within(work: Promise<unknown>, ms: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([work, new Promise<void>((resolve) => (timer = setTimeout(resolve, ms)))]);
  clearTimeout(timer);
}

export function shutdownSteps(targets: ShutdownTargets, deliveryGraceMs = 5_000): ShutdownStep[] {
  return [
    {
      name: 'stop accepting requests',
      run: () => (targets.server ? stopAcceptingRequests(targets.server) : undefined),
    },
    {
      name: 'let deliveries in flight finish',
      run: () => within(targets.deliveries.idle(), deliveryGraceMs),
    },
    { name: 'park what is left for retry and close the database', run: () => targets.core.close() },
    { name: 'close the window and tray', run: () => targets.ui() },
  ];
}
