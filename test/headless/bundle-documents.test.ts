/**
 * pdfkit in the esbuild bundle `npm run serve` runs: it is loaded at the first
 * document, not at start (main/core/documents/pdfkit-lazy.ts), by a `require`
 * the bundle leaves to Node, so it must be found from the bundle's folder. Seen
 * from outside: an invoice's PDF through its signed link.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { useHeadlessBundle } from '../support/headless-bundle.js';

const bundle = useHeadlessBundle();

describe('the headless bundle', () => {
  it('draws an invoice as a PDF, pdfkit loaded at the first document', async () => {
    const { url, dataDir } = await bundle.start('dversum-bundle-pdf-');
    const token = readFileSync(join(dataDir, 'admin-token'), 'utf8').trim();
    const rpc = async (name: string, input: unknown) => {
      const res = await fetch(`${url}/admin/rpc/${name}`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify(input),
      });
      const body = (await res.json()) as Record<string, unknown>;
      expect({ name, status: res.status, body }).toMatchObject({ name, status: 200 });
      return body;
    };
    const client = await rpc('clients.create', { name: 'Ada Lovelace' });
    const invoice = await rpc('invoices.create', {
      clientId: client.id,
      items: [{ description: 'Website audit', quantity: 2, unitPrice: 60_000, taxRate: 19 }],
    });
    const { url: link } = (await rpc('documents.download', { id: invoice.id })) as { url: string };
    const res = await fetch(new URL(link, url));
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/pdf');
    const bytes = Buffer.from(await res.arrayBuffer());
    expect(bytes.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect(bytes.length).toBeGreaterThan(1000);
  }, 90_000);
});
