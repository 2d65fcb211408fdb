/**
 * The address other systems call the API at: the public address (`settings.publicUrl`, a
 * tunnel or a reverse proxy) where the owner set one, else this server's own. Empty until
 * the server has answered: never a guessed address, since one copied too early could be
 * wrong (another port or host).
 */
import { useTranslation } from 'react-i18next';
import type { Language } from '../../../../contract/language.js';
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

/** The API docs in the window's language: the server serves the German introduction at `?lang=de`. */
export function docsInLanguage(url: string, language: Language): string {
  if (!url || language === 'en') return url;
  const parsed = new URL(url);
  parsed.searchParams.set('lang', language);
  return parsed.toString();
}

export function useApiAddress(): ApiAddress {
  const { i18n } = useTranslation();
  const info = useOp('app.info', {});
  const local = info.data?.serverUrl ?? '';
  const publicUrl = info.data?.publicUrl ?? null;
  return {
    base: publicUrl ?? local,
    local,
    publicUrl,
    docsUrl: docsInLanguage(
      info.data?.docsUrl ?? (local ? `${local}/api/docs` : ''),
      i18n.language === 'de' ? 'de' : 'en',
    ),
    info,
  };
}

/** A URL under the API's address, with a placeholder while the address is unknown. */
export const apiUrl = (base: string, path: string): string => `${base || '(server address)'}${path}`;
