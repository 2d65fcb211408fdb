/**
 * A webhook receiver on loopback, in its own process so it does not share the
 * measured process's event loop. Answers every POST with 204 at once, over
 * keep-alive. `GET /stats` returns how many POSTs arrived, how many distinct
 * `webhook-id`s, and (with ?times=1) the arrival time of each id's first POST.
 * `POST /reset` clears the counts.
 */
import { createServer } from 'node:http';

let posts = 0;
const firstSeen = new Map<string, number>();

const server = createServer((req, res) => {
  if (req.method === 'POST' && req.url === '/reset') {
    posts = 0;
    firstSeen.clear();
    res.writeHead(204).end();
    return;
  }
  if (req.method === 'GET' && req.url?.startsWith('/stats')) {
    const withTimes = req.url.includes('times=1');
    const body = JSON.stringify({
      posts,
      distinct: firstSeen.size,
      ...(withTimes ? { times: Object.fromEntries(firstSeen) } : {}),
    });
    res.writeHead(200, { 'content-type': 'application/json' }).end(body);
    return;
  }
  // Read (and drop) the body before answering, as a real receiver does.
  req.on('data', () => {});
  req.on('end', () => {
    posts++;
    const id = req.headers['webhook-id'];
    if (typeof id === 'string' && !firstSeen.has(id)) firstSeen.set(id, Date.now());
    res.writeHead(204).end();
  });
});
server.keepAliveTimeout = 60_000;
server.listen(0, '127.0.0.1', () => {
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  process.stdout.write(`${JSON.stringify({ ready: true, port })}\n`);
});
process.on('SIGTERM', () => server.close(() => process.exit(0)));
