/**
 * Pause: every delivery is held (none is lost; each stays due in its row)
 * until sending resumes. The state is persisted in the settings store, so a
 * paused app starts paused; the tray and the window read it through
 * `dispatch.status` and hear changes as the `paused` dispatch event.
 */
import { codedFields, type ReasonCode, type ReasonParams } from '../../../contract/reasons.js';
import type { SettingsStore } from '../settings/settings-store.js';

export const PAUSED_KEY = 'dispatch.paused';
/** Why dVersum paused sending itself (after a restore); cleared when sending resumes. */
export const PAUSED_REASON_KEY = 'dispatch.pausedReason';

/** `dispatch.status`'s fields of the pause's reason: the text, its code and params (contract/reasons.ts). */
export interface PausedFields {
  pausedReason?: string;
  pausedReasonCode?: ReasonCode | null;
  pausedReasonParams?: ReasonParams;
}

export const pausedFields = (reason: string | undefined): PausedFields =>
  reason ? { pausedReason: reason, ...codedFields('pausedReason', reason) } : {};

export class PauseState {
  private paused: boolean;
  private why: string | undefined;

  constructor(private readonly settings: Pick<SettingsStore, 'readJson' | 'writeJson'>) {
    this.paused = settings.readJson<boolean>(PAUSED_KEY) === true;
    this.why = this.paused ? (settings.readJson<string | null>(PAUSED_REASON_KEY) ?? undefined) : undefined;
  }

  get isPaused(): boolean {
    return this.paused;
  }

  /** The reason given with the pause, if any. */
  get reason(): string | undefined {
    return this.paused ? this.why : undefined;
  }

  /** Persists the state (a pause without a reason clears an earlier one); returns whether it changed. */
  set(paused: boolean, reason?: string): boolean {
    this.settings.writeJson(PAUSED_KEY, paused);
    const why = paused ? reason : undefined;
    if (why !== this.why) this.settings.writeJson(PAUSED_REASON_KEY, why ?? null);
    const changed = this.paused !== paused;
    this.paused = paused;
    this.why = why;
    return changed;
  }
}
