/**
 * The address other systems call the API at: the public address (`settings.publicUrl`, a
 * tunnel or a reverse proxy) where the owner set one, else this server's own. Empty until
 * the server has answered: never a guessed address, since one copied too early could be
 * wrong (another port or host).
 */
import { useOp } from '../../api/client-context.js';

export interface ApiAddress {
  /** publicUrl, else the server's own address; '' while unknown. */
  base: string;
  /** The server's own address (`app.info.serverUrl`); '' while unknown. */
  local: string;
  publicUrl: string | null;
  docsUrl: string;
  info: ReturnType<typeof useOp<'app.info'>>;
}

export function useApiAddress(): ApiAddress {
  const info = useOp('app.info', {});
  const local = info.data?.serverUrl ?? '';
  const publicUrl = info.data?.publicUrl ?? null;
  return {
    base: publicUrl ?? local,
    local,
    publicUrl,
    docsUrl: info.data?.docsUrl ?? (local ? `${local}/api/docs` : ''),
    info,
  };
}

/** A URL under the API's address, with a placeholder while the address is unknown. */
export const apiUrl = (base: string, path: string): string => `${base || '(server address)'}${path}`;
