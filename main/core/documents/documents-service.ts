/**
 * Invoices and quotes as PDF documents (`core.documents`).
 *
 * - A draft is rendered from its data each time (deterministic: the same data,
 *   the same bytes). Once sent, its PDF is stored (`documents` table) and
 *   never rendered again: later changes to the company details, the client or
 *   dVersum itself do not alter what the client received.
 * - The snapshot is taken where the status becomes sent: the outbox calls
 *   `decorate` for each event it records (`Outbox.decorate`, in the change's
 *   transaction), and for the document events (`DOCUMENT_EVENT_TYPES`) it
 *   stores the PDF when there is none yet and adds `data.documentUrl`, a
 *   signed link to that version (`document-links.ts`). An invoice sent before
 *   this existed gets its snapshot the first time it is asked for.
 * - The version is the start of the PDF's SHA-256: a link names exactly the
 *   bytes it returns.
 */
import { createHash } from 'node:crypto';
import {
  formattingLocale,
  isDocumentEvent,
  resolveLanguage,
  type CompanyLogo,
  type EventType,
  type Invoice,
  type Quote,
} from '../../../contract/index.js';
import type { Clock } from '../clock.js';
import { notFound } from '../errors.js';
import type { SettingsStore } from '../settings/settings-store.js';
import type { DocumentsTable } from '../store/repositories/documents.js';
import type { ObjectRepositories } from '../store/repositories/objects.js';
import type { UnitOfWork } from '../store/unit-of-work.js';
import { checkLogo, decodeLogo, logoAnswer, type LogoImage } from './company-logo.js';
import { buildDocumentModel, documentFileName, type DocumentSource } from './document-model.js';
import type { DocumentLinks, SignedLink } from './document-links.js';
import { renderPdf } from './pdf-render.js';

const LOGO_KEY = 'company.logo';

interface StoredLogo {
  type: 'png' | 'jpeg';
  width: number;
  height: number;
  /** base64 of the file as chosen (kept, so a later version can read it again), and of what documents embed. */
  original: string;
  printable: string;
}

export interface DocumentFile {
  bytes: Buffer;
  version: string;
  fileName: string;
}

export interface DocumentsDeps {
  work: Pick<UnitOfWork, 'transaction'>;
  clock: Clock;
  settings: Pick<SettingsStore, 'get' | 'readJson' | 'writeJson'>;
  tables: Pick<ObjectRepositories, 'clients' | 'invoices' | 'quotes'>;
  /** The invoices and quotes as the API gives them (the object services' `get`). */
  items: { invoice(id: string): Invoice; quote(id: string): Quote };
  documents: DocumentsTable;
  links: DocumentLinks;
  /** The system's languages, for the setting "system" (the process's locale by default). */
  systemLanguages?: () => readonly string[];
}

const versionOf = (bytes: Buffer): string => createHash('sha256').update(bytes).digest('hex').slice(0, 16);

const isSent = (source: DocumentSource): boolean => source.object.status !== 'draft';

export class DocumentsService {
  constructor(private readonly deps: DocumentsDeps) {}

  get links(): DocumentLinks {
    return this.deps.links;
  }

  /** The document of an invoice or quote (404 when there is none): the stored one once sent. */
  file(id: string): DocumentFile {
    const source = this.source(id);
    if (!source) throw notFound(id.startsWith('quo_') ? 'quote' : 'invoice', id);
    return isSent(source) ? this.deps.work.transaction(() => this.snapshot(source)) : this.render(source);
  }

  /** The document a signed link names, or undefined for any link that does not hold (one answer for all). */
  byLink(link: Partial<SignedLink>): DocumentFile | undefined {
    if (!this.deps.links.verify(link)) return undefined;
    const source = this.source(link.id);
    if (!source) return undefined;
    const file = isSent(source) ? this.deps.documents.find(source.object.id) : undefined;
    const current = file
      ? { bytes: file.pdf, version: file.version, fileName: documentFileName(source) }
      : undefined;
    const document = current ?? (isSent(source) ? undefined : this.render(source));
    return document?.version === link.version ? document : undefined;
  }

  /** A signed link's path to the document as it is now, for the window (headless downloads). */
  linkPath(id: string): string {
    const file = this.file(id);
    return this.deps.work.transaction(() => this.deps.links.path(id, file.version));
  }

  /** For the outbox: a document event's data with `documentUrl`, its snapshot stored first. */
  decorate(type: EventType, data: object): object {
    const id = (data as { id?: unknown }).id;
    if (!isDocumentEvent(type) || typeof id !== 'string') return data;
    const source = this.source(id);
    if (!source) return data;
    const file = this.snapshot(source);
    return { ...data, documentUrl: this.deps.links.url(source.object.id, file.version) };
  }

  logo(): CompanyLogo | null {
    const stored = this.storedLogo();
    return stored
      ? logoAnswer({
          type: stored.type,
          bytes: Buffer.from(stored.original, 'base64'),
          printable: Buffer.alloc(0),
          width: stored.width,
          height: stored.height,
        })
      : null;
  }

  /** The logo from the file's base64 (checked: `company-logo.ts`), or none with null. */
  setLogo(text: string | null): CompanyLogo | null {
    const logo: LogoImage | null = text === null ? null : checkLogo(decodeLogo(text));
    this.deps.work.transaction(() =>
      this.deps.settings.writeJson(
        LOGO_KEY,
        logo && {
          type: logo.type,
          width: logo.width,
          height: logo.height,
          original: logo.bytes.toString('base64'),
          printable: logo.printable.toString('base64'),
        },
      ),
    );
    return logo && logoAnswer(logo);
  }

  rotateLinkSecret(): void {
    this.deps.work.transaction(() => this.deps.links.rotate());
  }

  private snapshot(source: DocumentSource): DocumentFile {
    const stored = this.deps.documents.find(source.object.id);
    if (stored) return { bytes: stored.pdf, version: stored.version, fileName: documentFileName(source) };
    const file = this.render(source);
    this.deps.documents.insert({
      objectId: source.object.id,
      version: file.version,
      pdf: file.bytes,
      createdAt: this.deps.clock.now(),
    });
    return file;
  }

  private render(source: DocumentSource): DocumentFile {
    const settings = this.deps.settings.get();
    const clientRow = this.deps.tables.clients.find(source.object.clientId);
    const system = this.deps.systemLanguages?.() ?? [Intl.DateTimeFormat().resolvedOptions().locale];
    const language = resolveLanguage(settings.language, system);
    const stored = this.storedLogo();
    const model = buildDocumentModel({
      source,
      client: {
        name: clientRow?.name ?? source.object.clientId,
        company: clientRow?.company ?? null,
        address: clientRow?.address ?? null,
        email: clientRow?.email ?? null,
      },
      company: settings.company,
      logo: stored && { type: stored.type, bytes: Buffer.from(stored.printable, 'base64') },
      language,
      locale: formattingLocale(language, system),
    });
    const bytes = renderPdf(model);
    return { bytes, version: versionOf(bytes), fileName: model.fileName };
  }

  private source(id: string): DocumentSource | undefined {
    if (id.startsWith('inv_')) {
      return this.deps.tables.invoices.find(id) && { kind: 'invoice', object: this.deps.items.invoice(id) };
    }
    if (id.startsWith('quo_')) {
      return this.deps.tables.quotes.find(id) && { kind: 'quote', object: this.deps.items.quote(id) };
    }
    return undefined;
  }

  private storedLogo(): StoredLogo | null {
    return this.deps.settings.readJson<StoredLogo | null>(LOGO_KEY) ?? null;
  }
}
