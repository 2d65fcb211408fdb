/** The headless-start baseline: plain Node, Fastify and one /healthz route; nothing else. */
import Fastify from 'fastify';

const app = Fastify({ logger: false });
app.get('/healthz', async () => ({ status: 'ok' }));
await app.listen({ host: '127.0.0.1', port: Number(process.env.DVERSUM_PORT) });
process.on('SIGTERM', () => void app.close().then(() => process.exit(0)));
