/** Why a waiting delivery is not sent yet, in the window's language (the log's `waiting`, from main/core/dispatcher/waiting.ts). */
import { i18n } from '../../i18n/i18n.js';

const KNOWN: Record<string, 'log:waiting.earlier' | 'log:waiting.network'> = {
  'waiting for an earlier event': 'log:waiting.earlier',
  'waiting for the network': 'log:waiting.network',
};

export const waitingLabel = (waiting: string): string => (KNOWN[waiting] ? i18n.t(KNOWN[waiting]) : waiting);
