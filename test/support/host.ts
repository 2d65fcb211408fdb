/**
 * The HostServices a test gives the contract handlers, for either shell:
 * - `desktopHost`: log.export as the desktop does it minus the save dialog —
 *   the file is streamed (into `sink`) and its rows counted.
 * - `headlessHost`: log.export as headless does it — a one-time link from the
 *   ExportLinks the server serves.
 * Nothing here touches the network: `serverUrl` only names an address.
 */
import type { Core } from '../../main/core/core.js';
import type { HostServices } from '../../main/core/handlers/types.js';
import type { ExportLinks } from '../../main/core/server/export-links.js';

/** `core` is a function so that a harness can make the host before the core it serves. */
export function desktopHost(
  core: () => Core,
  sink: string[] = [],
  serverUrl = 'http://127.0.0.1:0',
): HostServices {
  return {
    mode: 'headless',
    serverUrl: () => serverUrl,
    async exportLog(input) {
      const stream = core().deliveryLog.export(input.format, input.filters ?? {});
      for await (const chunk of stream) sink.push(String(chunk));
      return { rows: stream.rows };
    },
  };
}

/** The name the dispatcher tests have always used for the desktop-like host. */
export const testHost = desktopHost;

export function headlessHost(exportLinks: ExportLinks, serverUrl: () => string): HostServices {
  return {
    mode: 'headless',
    serverUrl,
    exportLog: async (input) => ({ url: exportLinks.link(input) }),
  };
}

/** A host whose export is never used (IPC and client tests): only the mode and address matter. */
export function bareHost(mode: HostServices['mode'], serverUrl: () => string): HostServices {
  return { mode, serverUrl, exportLog: async () => ({}) };
}
