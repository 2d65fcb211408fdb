/** A core on a ManualClock with the contract handlers, as the window and /admin/rpc use them. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { EventType } from '../../contract/index.js';
import { ManualClock, type Clock } from '../../main/core/clock.js';
import { createCore, type Core, type CoreOptions } from '../../main/core/core.js';
import { createHandlers } from '../../main/core/handlers/index.js';
import { invokeOperation } from '../../main/core/handlers/invoke.js';
import type { HostServices } from '../../main/core/handlers/types.js';

export interface Harness {
  core: Core;
  /** A ManualClock unless the test passed the system clock. */
  clock: ManualClock;
  /**
   * Runs one contract operation exactly as a transport does (validation, then the handler).
   * Untyped on purpose: the tests send invalid input and unknown names too.
   */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  call(name: string, input?: unknown): Promise<any>;
  /** Records an event in the outbox, as the domain does inside its transaction. */
  record(type: EventType, data?: Record<string, unknown>): string;
}

/** The desktop host's export, minus the dialog: streams the file and counts the rows. */
export function testHost(core: () => Core, sink: string[] = []): HostServices {
  return {
    mode: 'headless',
    serverUrl: () => 'http://127.0.0.1:0',
    async exportLog(input) {
      const stream = core().deliveryLog.export(input.format, input.filters ?? {});
      for await (const chunk of stream) sink.push(String(chunk));
      return { rows: stream.rows };
    },
  };
}

export function openHarness(options: CoreOptions & { clock?: Clock } = {}): Harness {
  const clock = options.clock ?? new ManualClock();
  const core = createCore({ ...options, clock });
  const handlers = createHandlers(
    core,
    testHost(() => core),
  );
  return {
    core,
    clock: clock as ManualClock,
    call: (name, input) => invokeOperation(handlers, name, input ?? {}),
    record(type, data = { id: 'tsk_sample', title: 'Call Ada' }) {
      return core.sqlite.transaction(() => core.outbox.record(type, data).id)();
    },
  };
}

export function tempDir(): { dir: string; remove(): void } {
  const dir = mkdtempSync(join(tmpdir(), 'dversum-dispatch-'));
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/** What the contract returns for a failed call: status, code, message. */
export async function failure(
  promise: Promise<unknown>,
): Promise<{ status: number; code: string; message: string; details?: unknown }> {
  try {
    await promise;
  } catch (err) {
    const e = err as { status: number; code: string; message: string; details?: unknown };
    return { status: e.status, code: e.code, message: e.message, details: e.details };
  }
  throw new Error('expected the call to fail');
}
