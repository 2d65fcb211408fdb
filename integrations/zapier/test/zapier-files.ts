/**
 * What Zapier runs behind `z.stashFile`, on loopback, for the app's file tests:
 * its RPC (`get_presigned_upload_post_data`, answering with a presigned POST)
 * and the storage that POST uploads to (as S3 answers it: 204). Each upload is
 * kept as the multipart form the app sent, read back with the platform's own
 * FormData parser, so a test sees the file name, type and bytes Zapier would
 * store. Nothing of the app is answered here.
 */
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Upload {
  /** The storage key the presigned POST named. */
  key: string;
  fileName: string;
  contentType: string;
  bytes: Buffer;
}

export interface ZapierFiles {
  /** The `rpc_base` of a Zapier event. */
  rpcUrl: string;
  uploads: Upload[];
  /** The URL z.stashFile returns for an upload's key. */
  urlOf(key: string): string;
  close(): Promise<void>;
}

const read = async (request: IncomingMessage): Promise<Buffer> => {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
};

export async function startZapierFiles(): Promise<ZapierFiles> {
  const uploads: Upload[] = [];
  let base = '';
  let keys = 0;
  const server: Server = createServer((request, response) => {
    void (async () => {
      const body = await read(request);
      if (request.url === '/rpc') {
        const call = JSON.parse(body.toString('utf8')) as { id: string; method: string };
        const answer =
          call.method === 'get_presigned_upload_post_data'
            ? { id: call.id, result: { url: `${base}/upload`, fields: { key: `stash/${++keys}` } } }
            : { id: call.id, error: `unexpected RPC ${call.method}` };
        response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(answer));
        return;
      }
      if (request.url === '/upload') {
        const form = await new Request(`${base}/upload`, {
          method: 'POST',
          headers: { 'content-type': String(request.headers['content-type']) },
          body: new Uint8Array(body),
        }).formData();
        const file = form.get('file') as File;
        uploads.push({
          key: String(form.get('key')),
          fileName: file.name,
          contentType: file.type,
          bytes: Buffer.from(await file.arrayBuffer()),
        });
        response.writeHead(204).end();
        return;
      }
      response.writeHead(404).end();
    })();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    rpcUrl: `${base}/rpc`,
    uploads,
    urlOf: (key) => new URL(key, `${base}/upload`).href,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
