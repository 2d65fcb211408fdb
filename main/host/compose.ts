/**
 * The one wiring both hosts share, under plain Node (no Electron import may
 * reach this module: test/core/imports.test.ts checks it): the core held in a
 * `CoreHolder`, the host's services for the contract handlers, one listening
 * server (`SwitchableServer`) whose Fastify app is built on the core in use,
 * and the restore's hand-over — after a restore the app is built again on the
 * restored core, and everything a host wired to a core (`eachCore`: IPC, the
 * notices' forwarding, alerts, watchers) is undone and wired to the new one.
 *
 * Each host keeps only what is its own: the desktop (main/index.ts) its
 * window, tray, IPC, save dialog and quit sequence; headless
 * (main/headless/serve.ts) its admin token, export links, stdout and signals.
 * What a host adds to the server is its `serve` options (an addition to the
 * server, a route or a setting, goes to `buildServer`, not here).
 */
import type { Server } from 'node:http';
import type { FastifyInstance } from 'fastify';
import { CoreHolder } from '../core/core-holder.js';
import { createHandlers } from '../core/handlers/index.js';
import type { Handlers, HostServices } from '../core/handlers/types.js';
import { buildServer, type ServerOptions } from '../core/server/app.js';
import { serverUrlFor } from '../core/server/server-url.js';
import { SwitchableServer } from '../core/server/switchable-server.js';
import type { Core } from '../core/services.js';

export interface HostWiringOptions {
  mode: HostServices['mode'];
  /** Opens a core on the host's data folder: at start, and again after each restore. */
  openCore(reason: 'start' | 'restore'): Core;
  /** `log.export`, which each host answers its own way (a save dialog, a one-time link). */
  exportLog: HostServices['exportLog'];
  /** `documents.download` on the desktop: a save dialog (headless answers with a signed link instead). */
  saveDocument?: HostServices['saveDocument'];
}

/** What a host gives `buildServer` besides the core, the contract handlers and the listening server. */
export type HostServerOptions = Omit<ServerOptions, 'handlers' | 'serverFactory'>;

/** Undoes what a wiring did to a core (unsubscribes, unregisters). */
type Unwire = () => void;

export class HostWiring {
  /** The contract handlers' view of this host: its mode, address, export and the restore. */
  readonly host: HostServices;
  private readonly holder: CoreHolder;
  private readonly listener = new SwitchableServer();
  private current: FastifyInstance | undefined;
  private address = '';
  private closing: Promise<void> | undefined;

  /** Opens the first core; nothing else runs until `serve`, `listen` and `start`. */
  constructor(options: HostWiringOptions) {
    // A restore closes the core and opens the restored database in its place (core-holder.ts).
    this.holder = new CoreHolder(options.openCore('start'), () => options.openCore('restore'));
    this.host = {
      mode: options.mode,
      serverUrl: () => this.address,
      exportLog: options.exportLog,
      ...(options.saveDocument ? { saveDocument: options.saveDocument } : {}),
      replaceCore: (plan) => this.holder.replace(plan),
    };
  }

  /** The core in use: read it when it is needed, a restore replaces it. */
  get core(): Core {
    return this.holder.core;
  }

  /** The app serving now (after `serve`). */
  get app(): FastifyInstance {
    if (!this.current) throw new Error('HostWiring.serve has not run');
    return this.current;
  }

  /** The address the server answers at: the configured one until `listen` bound the port. */
  get url(): string {
    return this.address;
  }

  /** The listening HTTP server (the desktop's quit sweeps its idle connections). */
  get server(): Server {
    return this.listener.server;
  }

  /** The contract handlers on `core`, with this host's services. */
  handlers(core: Core): Handlers {
    return createHandlers(core, this.host);
  }

  /** After each restore, with the core now in use (the restored one, or the old one reopened). */
  onReplaced(listener: (next: Core, previous: Core) => void | Promise<void>): () => void {
    return this.holder.onReplaced(listener);
  }

  /** Wires `wire` to the core in use now, and after each restore undoes it and wires the next core. */
  eachCore(wire: (core: Core) => Unwire | void): Unwire {
    let unwire = wire(this.core);
    const stop = this.holder.onReplaced((next) => {
      unwire?.();
      unwire = wire(next);
    });
    return () => {
      stop();
      unwire?.();
      unwire = undefined;
    };
  }

  /**
   * Builds the app on the core in use and lets it take the requests; after each
   * restore, builds it again on the restored core on the same socket. The old
   * app's close ends its notice streams (the window reconnects); not awaited: the
   * restore's own request is still being answered through it.
   */
  async serve(options: HostServerOptions): Promise<void> {
    // A second call would rebuild two apps on every restore.
    if (this.current) throw new Error('HostWiring.serve runs once');
    const build = (core: Core): FastifyInstance =>
      this.listener.build((serverFactory) =>
        buildServer(core, { ...options, handlers: this.handlers(core), serverFactory }),
      );
    this.current = build(this.core);
    this.holder.onReplaced(async (next) => {
      const previous = this.current;
      this.current = build(next);
      await this.listener.activate(this.current);
      void previous?.close();
    });
    await this.listener.activate(this.current);
  }

  /**
   * Listens at `host`:`port` (0: any free port); answers the URL, with the port bound.
   * On failure the error is the socket's, as is (each host says it its own way), and
   * `url` stays the address that was asked for.
   */
  async listen(host: string, port: number): Promise<string> {
    this.address = serverUrlFor(host, port);
    await this.listener.listen(host, port);
    const bound = this.listener.server.address();
    if (bound && typeof bound === 'object') this.address = serverUrlFor(host, bound.port);
    return this.address;
  }

  /** Starts the core's background work (the dispatcher, the schedules). */
  start(): Promise<void> {
    return this.core.start();
  }

  /**
   * Stops taking requests: the app in use closes, then the socket. Requests in
   * progress finish; with `cut`, the connections still open are cut at once.
   */
  async closeServer(cut: boolean): Promise<void> {
    await this.current?.close();
    if (cut) return this.listener.close();
    const { server } = this.listener;
    if (!server.listening) return;
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  /** The server, then the core in use; once, however often it is called. */
  close(): Promise<void> {
    return (this.closing ??= (async () => {
      try {
        await this.closeServer(true);
      } finally {
        await this.core.close();
      }
    })());
  }
}
