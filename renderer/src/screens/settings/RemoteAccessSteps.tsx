/**
 * How Zapier's cloud reaches this computer, the steps of docs/remote-access.md in short
 * (the doc is offline text: the window shows the steps and names its sections).
 */
export const REMOTE_ACCESS_DOC = 'docs/remote-access.md';

export const REMOTE_ACCESS_TOPICS = [
  'A named cloudflared tunnel',
  'A reverse proxy with TLS on a home server',
  'What to set in dVersum',
  'What not to do',
] as const;

export function RemoteAccessSteps({ localUrl }: { localUrl: string }) {
  const local = localUrl || 'http://127.0.0.1:4317';
  return (
    <>
      <h4>Way 1: {REMOTE_ACCESS_TOPICS[0]} (no open port)</h4>
      <ol>
        <li>
          Install <code>cloudflared</code>, then <code>cloudflared tunnel login</code> and{' '}
          <code>cloudflared tunnel create dversum</code>
        </li>
        <li>
          <code>cloudflared tunnel route dns dversum dversum.example.com</code> (your own name)
        </li>
        <li>
          In its <code>config.yml</code>, send only <code>/api/*</code> to <code>{local}</code> and refuse
          everything else (<code>/admin</code>, the window) with <code>http_status:404</code>
        </li>
        <li>
          <code>cloudflared tunnel run dversum</code>
        </li>
      </ol>
      <h4>Way 2: {REMOTE_ACCESS_TOPICS[1]}</h4>
      <ol>
        <li>Caddy or nginx with a TLS certificate for your name, on this machine or the home server</li>
        <li>
          Forward only <code>/api/</code> to dVersum, with the <code>X-Forwarded-For</code> header; refuse the
          rest
        </li>
        <li>
          dVersum binds to 127.0.0.1 (proxy on this machine) or to its LAN address (proxy elsewhere), never
          0.0.0.0 without the proxy
        </li>
      </ol>
      <h4>Then: {REMOTE_ACCESS_TOPICS[2]}</h4>
      <ul>
        <li>Public address: the tunnel's or proxy's https:// address (below)</li>
        <li>
          Trusted proxies: the proxy's address (127.0.0.1 for a tunnel or proxy on this computer), so the
          callers' addresses are seen
        </li>
        <li>An IP whitelist on each key, where the caller has fixed addresses</li>
      </ul>
      <p className="warning">
        <strong>{REMOTE_ACCESS_TOPICS[3]}:</strong> never expose <code>/admin</code> or the window, never bind
        0.0.0.0 with nothing in front.
      </p>
      <p className="hint">
        Every command and both proxy configurations are in <code>{REMOTE_ACCESS_DOC}</code> in dVersum&apos;s
        folder: {REMOTE_ACCESS_TOPICS.map((t) => `“${t}”`).join(', ')}.
      </p>
    </>
  );
}
