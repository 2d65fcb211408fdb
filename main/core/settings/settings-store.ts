/**
 * Settings and small persisted state, one JSON value per key in the `kv` table.
 * Settings are read often (every incoming call reads the rate limits), so the
 * merged object is cached and replaced on update. The rows are the `kv`
 * repository's (`store/repositories/kv.ts`).
 */
import { DEFAULT_SETTINGS, settings as settingsSchema, type Settings } from '../../../contract/index.js';
import type { Clock } from '../clock.js';
import type { KvTable } from '../store/repositories/kv.js';

const SETTINGS_KEY = 'settings';

type Listener = (next: Settings, previous: Settings) => void;

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Objects merge key by key; arrays and scalars replace. */
export function deepMerge<T>(base: T, patch: unknown): T {
  if (!isPlainObject(base) || !isPlainObject(patch)) return (patch === undefined ? base : patch) as T;
  const out: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(patch)) {
    if (value === undefined) continue;
    out[key] = deepMerge(out[key], value);
  }
  return out as T;
}

export class SettingsStore {
  private cached: Settings | undefined;
  private readonly listeners = new Set<Listener>();

  constructor(
    private readonly kv: KvTable,
    private readonly clock: Clock,
  ) {}

  get(): Settings {
    if (!this.cached) {
      const stored = this.readJson<unknown>(SETTINGS_KEY);
      // Settings written by an older version may lack newer keys: defaults fill them.
      const merged = deepMerge(DEFAULT_SETTINGS, stored ?? {});
      const parsed = settingsSchema.safeParse(merged);
      this.cached = parsed.success ? parsed.data : DEFAULT_SETTINGS;
    }
    return this.cached;
  }

  /** Deep-merges `patch` (already validated by the contract) and returns the whole. */
  update(patch: Partial<Record<keyof Settings, unknown>>): Settings {
    const previous = this.get();
    const next = settingsSchema.parse(deepMerge(previous, patch));
    this.writeJson(SETTINGS_KEY, next);
    this.cached = next;
    for (const listener of this.listeners) listener(next, previous);
    return next;
  }

  onChange(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Small persisted state that is not a setting (for example `dispatch.paused`). */
  readJson<T>(key: string): T | undefined {
    const value = this.kv.read(key);
    return value === undefined ? undefined : (JSON.parse(value) as T);
  }

  writeJson(key: string, value: unknown): void {
    this.kv.write(key, JSON.stringify(value), this.clock.now());
  }
}
