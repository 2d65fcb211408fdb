/**
 * Closing the window hides it to the tray: the server keeps answering the
 * local n8n. The first time, a notice says so; after that, silence. When the
 * app is quitting, close means close.
 */
export interface CloseToTrayDeps {
  /** Persisted, so the notice is shown once per installation rather than once per run. */
  noticeShown(): boolean;
  markNoticeShown(): void;
  notify(title: string, body: string): void;
}

export const CLOSE_NOTICE = {
  title: 'dVersum is still running',
  body: 'The window is closed, but webhooks and the API keep working. Open dVersum or quit from the tray icon.',
};

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
      this.deps.notify(CLOSE_NOTICE.title, CLOSE_NOTICE.body);
    }
    return true;
  }
}
