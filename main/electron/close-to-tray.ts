/**
 * Closing the window hides it to the tray: the server keeps answering the
 * local n8n. The first time, a notice says so; after that, silence. When the
 * app is quitting, close means close.
 */
import type { Language } from '../../contract/language.js';
import { desktopText } from './i18n.js';

export interface CloseToTrayDeps {
  /** Persisted, so the notice is shown once per installation rather than once per run. */
  noticeShown(): boolean;
  markNoticeShown(): void;
  notify(title: string, body: string): void;
  /** The owner's language; English when absent. */
  language?(): Language;
}

export function closeNotice(language: Language = 'en'): { title: string; body: string } {
  const t = desktopText(language);
  return { title: t('notice.closedTitle'), body: t('notice.closedBody') };
}

export const CLOSE_NOTICE = closeNotice('en');

export class CloseToTray {
  #quitting = false;

  constructor(private readonly deps: CloseToTrayDeps) {}

  /** From before-quit on: closing a window no longer hides it. */
  markQuitting(): void {
    this.#quitting = true;
  }

  get quitting(): boolean {
    return this.#quitting;
  }

  /** The window's 'close' handler. Returns true when the close became a hide. */
  onClose(event: { preventDefault(): void }, window: { hide(): void }): boolean {
    if (this.#quitting) return false;
    event.preventDefault();
    window.hide();
    if (!this.deps.noticeShown()) {
      this.deps.markNoticeShown();
      const notice = closeNotice(this.deps.language?.());
      this.deps.notify(notice.title, notice.body);
    }
    return true;
  }
}
