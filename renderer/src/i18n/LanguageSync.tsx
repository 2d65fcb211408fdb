/** Follows the owner's language setting (settings.get), or the system's while it is "system". */
import { useEffect } from 'react';
import { resolveLanguage } from '../../../contract/language.js';
import { useOp } from '../api/client-context.js';
import { applyLanguage, systemLanguages } from './i18n.js';

export function LanguageSync() {
  const settings = useOp('settings.get', {});
  const choice = settings.data?.language;
  useEffect(() => {
    if (choice) applyLanguage(resolveLanguage(choice, systemLanguages()));
  }, [choice]);
  return null;
}
