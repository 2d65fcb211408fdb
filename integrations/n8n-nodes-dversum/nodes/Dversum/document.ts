/**
 * "Download PDF": an invoice's or quote's PDF (`GET /api/v1/<objects>/{id}/pdf`,
 * the object's read permission) as n8n binary data, in the property the owner
 * names (`data` unless changed), under the file name dVersum gives it
 * (`<number>.pdf`, or the kind and id for a draft without a number), so a
 * later node (Google Drive, Paperless, e-mail) takes it as it is.
 */
import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { dversumFile, urlOf } from '../transport';

export const PDF_MIME_TYPE = 'application/pdf';

/** The file name in dVersum's `Content-Disposition` (its characters are `[A-Za-z0-9._-]`), else `<id>.pdf`. */
export function pdfFileName(contentDisposition: unknown, id: string): string {
  const named = typeof contentDisposition === 'string' ? /filename="([^"]+)"/.exec(contentDisposition) : null;
  return named ? named[1] : `${id.replace(/[^A-Za-z0-9._-]/g, '_')}.pdf`;
}

export async function downloadPdf(
  ctx: IExecuteFunctions,
  path: string,
  id: string,
  i: number,
): Promise<INodeExecutionData> {
  const property = ctx.getNodeParameter('binaryPropertyName', i, 'data') as string;
  const file = await dversumFile(ctx, await urlOf(ctx, path, id));
  const fileName = pdfFileName(file.headers['content-disposition'], id);
  const binary = await ctx.helpers.prepareBinaryData(file.bytes, fileName, PDF_MIME_TYPE);
  return {
    json: { id, fileName, mimeType: PDF_MIME_TYPE, fileSize: file.bytes.length },
    binary: { [property]: binary },
  };
}
