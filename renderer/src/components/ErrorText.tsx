/**
 * A failed call's message in the owner's language: in English the server's own message (it names
 * what failed); in another language the `errors` catalog's message for its code, with the server's
 * English kept as the tooltip; an unknown code keeps the server's message.
 */
import { useTranslation } from 'react-i18next';
import { currentLanguage, i18n } from '../i18n/i18n.js';

interface ErrorLike {
  message: string;
  code?: unknown;
}

/** The message to show for `error` in the window's language. */
export function errorMessage(error: ErrorLike): string {
  const code = typeof error.code === 'string' ? error.code : '';
  if (currentLanguage() === 'en' || !code || code === 'serverSaid' || !i18n.exists(`errors:${code}`))
    return error.message;
  return i18n.t(`errors:${code}` as 'errors:internal');
}

export function ErrorText({ error }: { error: ErrorLike }) {
  const { t } = useTranslation('errors');
  const text = errorMessage(error);
  return text === error.message ? (
    <>{text}</>
  ) : (
    <span title={t('serverSaid', { message: error.message })}>{text}</span>
  );
}
