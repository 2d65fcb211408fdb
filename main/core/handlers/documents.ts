/**
 * Documents and the company logo, for the window (IPC) and headless mode
 * (/admin/rpc). `documents.download` differs by host: the desktop's save
 * dialog writes the file (`HostServices.saveDocument`); headless answers a
 * signed link the browser opens. Downloading may store a sent document's
 * snapshot or make the links' secret, so it commits on its own (`direct`).
 */
import type { Core } from '../services.js';
import { commitPolicies } from './policy.js';
import type { DocumentOps, HandlerGroup, HostServices } from './types.js';

export function documentHandlers(core: Core, host: HostServices): HandlerGroup<DocumentOps> {
  const { read, direct } = commitPolicies(core);
  return {
    'documents.download': direct(async ({ id }) =>
      host.saveDocument ? host.saveDocument(core.documents.file(id)) : { url: core.documents.linkPath(id) },
    ),
    'documents.rotateLinkSecret': direct(() => {
      core.documents.rotateLinkSecret();
      return { ok: true as const };
    }),
    'company.logo': read(() => ({ logo: core.documents.logo() })),
    'company.setLogo': direct(({ logo }) => ({ logo: core.documents.setLogo(logo) })),
  };
}
