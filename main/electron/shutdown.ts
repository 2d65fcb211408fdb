/**
 * Quitting in order: first the server stops accepting requests (and lets the
 * ones in progress answer), then the core stops its background services — the
 * dispatcher lets deliveries in flight finish or marks them for retry — and
 * closes the database; the window and tray go last, and only then does the
 * process exit. Each step runs even when one before it failed, and a second
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

export interface ShutdownTargets {
  /** Fastify's close: stops listening, waits for requests in progress. */
  server: { close(): Promise<unknown> } | null;
  /** core.close(): background services stop, then the database closes. */
  core: { close(): Promise<void> };
  /** Timers, tray, IPC handlers, windows. */
  ui(): void;
}

export function shutdownSteps(targets: ShutdownTargets): ShutdownStep[] {
  return [
    { name: 'stop accepting requests', run: async () => void (await targets.server?.close()) },
    { name: 'finish deliveries and close the database', run: () => targets.core.close() },
    { name: 'close the window and tray', run: () => targets.ui() },
  ];
}
