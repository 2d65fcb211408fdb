/**
 * How Zapier's cloud reaches this computer, the steps of docs/remote-access.md in short
 * (the doc is offline text: the window shows the steps and names its sections, by their
 * English headings, since that is how the doc spells them).
 */
import { Trans, useTranslation } from 'react-i18next';

export const REMOTE_ACCESS_DOC = 'docs/remote-access.md';

export const REMOTE_ACCESS_TOPICS = [
  'A named cloudflared tunnel',
  'A reverse proxy with TLS on a home server',
  'What to set in dVersum',
  'What not to do',
] as const;

const TAGS = { code: <code />, strong: <strong /> };

export function RemoteAccessSteps({ localUrl }: { localUrl: string }) {
  const { t } = useTranslation('integrations', { keyPrefix: 'steps' });
  const local = localUrl || 'http://127.0.0.1:4317';
  const line = (key: string, values?: Record<string, string>) => (
    <Trans t={t} i18nKey={key as never} values={values} components={TAGS} />
  );
  return (
    <>
      <h4>{t('way1')}</h4>
      <ol>
        <li>{line('tunnel1')}</li>
        <li>{line('tunnel2')}</li>
        <li>{line('tunnel3', { local })}</li>
        <li>{line('tunnel4')}</li>
      </ol>
      <h4>{t('way2')}</h4>
      <ol>
        <li>{t('proxy1')}</li>
        <li>{line('proxy2')}</li>
        <li>{t('proxy3')}</li>
      </ol>
      <h4>{t('then')}</h4>
      <ul>
        <li>{t('set1')}</li>
        <li>{t('set2')}</li>
        <li>{t('set3')}</li>
      </ul>
      <p className="warning">{line('not')}</p>
      <p className="hint">
        {line('doc', {
          doc: REMOTE_ACCESS_DOC,
          topics: REMOTE_ACCESS_TOPICS.map((topic) => `“${topic}”`).join(', '),
        })}
      </p>
    </>
  );
}
