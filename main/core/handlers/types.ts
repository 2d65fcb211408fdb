import type { OperationName, OpOutput, OpParsedInput, ResourceList } from '../../../contract/index.js';
import type { CoreReplacement } from '../core-holder.js';

export type Handler<K extends OperationName> = (
  input: OpParsedInput<K>,
) => Promise<OpOutput<K>> | OpOutput<K>;

/** A group of handlers, one per operation name in K. */
export type HandlerGroup<K extends OperationName> = { [P in K]: Handler<P> };

export type Handlers = HandlerGroup<OperationName>;

type OpsStartingWith<P extends string> = Extract<OperationName, `${P}.${string}`>;

/** The business objects' operations: every entry of the resource table (`tasks.*`, `timeEntries.*`, …). */
export type ObjectOps = OpsStartingWith<ResourceList>;
/** API keys, the incoming log, settings, app info and the metrics token. */
export type AccessOps = OpsStartingWith<'keys' | 'incomingLog' | 'settings' | 'app' | 'metrics'>;
/** Outgoing webhooks, their log and dispatch. */
export type OutgoingOps = OpsStartingWith<'webhooks' | 'log' | 'dispatch'>;
/** Invoices' and quotes' documents, the company logo. */
export type DocumentOps = OpsStartingWith<'documents' | 'company'>;
/** Backups and restore. */
export type BackupOps = OpsStartingWith<'backups'>;

/** What differs between the two transports (Electron IPC and headless HTTP). */
export interface HostServices {
  mode: 'desktop' | 'headless';
  /** The embedded server's base URL, such as http://127.0.0.1:4317. */
  serverUrl(): string;
  /**
   * log.export: headless makes a one-time link that streams the file
   * (`{url}`); desktop asks for a path with the save dialog and streams to it
   * (`{path, rows}`).
   */
  exportLog(input: OpParsedInput<'log.export'>): Promise<OpOutput<'log.export'>>;
  /**
   * documents.download on the desktop: the save dialog asks where, the file is written
   * (`{path}`; `{}` when cancelled). Without it (headless) the answer is a signed link.
   */
  saveDocument?(file: { bytes: Buffer; fileName: string }): Promise<{ path?: string }>;
  /**
   * backups.restore: closes the core, swaps the database and opens the next core,
   * rewiring what the host built on the old one (`CoreHolder.replace`). A host
   * without it (a test harness) refuses restores.
   */
  replaceCore?(plan: CoreReplacement): Promise<unknown>;
}
