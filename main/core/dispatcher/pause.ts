/**
 * Pause: every delivery is held (none is lost; each stays due in its row)
 * until sending resumes. The state is persisted in the settings store, so a
 * paused app starts paused; the tray and the window read it through
 * `dispatch.status` and hear changes as the `paused` dispatch event.
 */
import type { SettingsStore } from '../settings/settings-store.js';

export const PAUSED_KEY = 'dispatch.paused';

export class PauseState {
  private paused: boolean;

  constructor(private readonly settings: Pick<SettingsStore, 'readJson' | 'writeJson'>) {
    this.paused = settings.readJson<boolean>(PAUSED_KEY) === true;
  }

  get isPaused(): boolean {
    return this.paused;
  }

  /** Persists the state; returns whether it changed. */
  set(paused: boolean): boolean {
    this.settings.writeJson(PAUSED_KEY, paused);
    const changed = this.paused !== paused;
    this.paused = paused;
    return changed;
  }
}
