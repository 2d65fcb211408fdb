/**
 * "Download PDF" for an invoice or a quote (documents.download). The desktop
 * asks where to save it in the system's dialog and answers the path; headless
 * answers a signed link, opened here as a download on the address the window
 * itself uses.
 */
import { useTranslation } from 'react-i18next';
import { useAction } from '../api/client-context.js';
import { ErrorText } from './ErrorText.js';

function download(url: string): void {
  const link = document.createElement('a');
  link.href = url;
  link.download = '';
  link.rel = 'noopener';
  link.click();
}

export function DownloadPdfButton({ id }: { id: string }) {
  const { t } = useTranslation('business', { keyPrefix: 'list' });
  const run = useAction('documents.download', {
    onSuccess: (out) => {
      if (out.url) download(out.url);
    },
  });
  return (
    <>
      <button type="button" onClick={() => run.mutate({ id })} disabled={run.isPending}>
        {t('downloadPdf')}
      </button>
      {run.data?.path ? (
        <span className="notice" role="status">
          {t('savedTo', { path: run.data.path })}
        </span>
      ) : null}
      {run.error ? (
        <span className="field-error" role="alert">
          <ErrorText error={run.error} />
        </span>
      ) : null}
    </>
  );
}
