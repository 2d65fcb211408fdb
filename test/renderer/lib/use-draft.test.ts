import { describe, expect, it } from 'vitest';
import { clearDraft, DRAFT_PREFIX, hasDraft, readDraft, withoutSecrets, writeDraft } from '../../../renderer/src/lib/use-draft.js';

/** The Web Storage interface over a Map, as the window's sessionStorage behaves. */
class MemoryStorage implements Storage {
  private readonly map = new Map<string, string>();
  get length() {
    return this.map.size;
  }
  clear() {
    this.map.clear();
  }
  getItem(key: string) {
    return this.map.get(key) ?? null;
  }
  key(index: number) {
    return [...this.map.keys()][index] ?? null;
  }
  removeItem(key: string) {
    this.map.delete(key);
  }
  setItem(key: string, value: string) {
    this.map.set(key, String(value));
  }
}

describe('drafts', () => {
  it('keeps a draft under dversum.draft.<key>, reads it back over the initial values, and forgets it', () => {
    const store = new MemoryStorage();
    const initial = { name: '', items: [{ description: '', quantity: '1' }], currency: '' };
    expect(readDraft('invoices.new', initial, store)).toBe(initial);
    expect(hasDraft('invoices.new', store)).toBe(false);
    writeDraft('invoices.new', { ...initial, items: [{ description: 'Design', quantity: '3' }] }, store);
    expect(store.key(0)).toBe(`${DRAFT_PREFIX}invoices.new`);
    expect(readDraft('invoices.new', initial, store)).toEqual({
      name: '',
      items: [{ description: 'Design', quantity: '3' }],
      currency: '',
    });
    clearDraft('invoices.new', store);
    expect(store.length).toBe(0);
    expect(readDraft('invoices.new', initial, store)).toBe(initial);
  });

  it('never writes a secret: API keys, signing secrets, passwords, tokens and header values marked secret', () => {
    const store = new MemoryStorage();
    writeDraft(
      'webhooks.new',
      {
        name: 'Orders',
        url: 'https://example.test/hook',
        signingSecret: 'whsec_abc',
        apiKey: 'ik_live_123',
        password: 'p',
        token: 't',
        headers: [
          { name: 'X-Team', value: 'blue', secret: false },
          { name: 'Authorization', value: 'Bearer s3cr3t', secret: true },
        ],
      },
      store,
    );
    const text = store.getItem(`${DRAFT_PREFIX}webhooks.new`)!;
    for (const secret of ['whsec_abc', 'ik_live_123', 's3cr3t', '"p"', '"t"']) expect(text).not.toContain(secret);
    expect(JSON.parse(text)).toEqual({
      name: 'Orders',
      url: 'https://example.test/hook',
      headers: [
        { name: 'X-Team', value: 'blue', secret: false },
        { name: 'Authorization', secret: true },
      ],
    });
  });

  it('ignores a draft it cannot read or of another shape', () => {
    const store = new MemoryStorage();
    store.setItem(`${DRAFT_PREFIX}a`, '{not json');
    store.setItem(`${DRAFT_PREFIX}b`, '[1,2]');
    expect(readDraft('a', { x: 1 }, store)).toEqual({ x: 1 });
    expect(readDraft('b', { x: 1 }, store)).toEqual({ x: 1 });
    expect(withoutSecrets('plain')).toBe('plain');
  });
});
