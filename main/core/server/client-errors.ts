/**
 * Requests Node's HTTP parser refuses before Fastify sees them (a control
 * character in a header, a broken chunk, Content-Length with
 * Transfer-Encoding, headers over the limit, a request too slow to arrive)
 * are answered with the same error body as everything else, on the socket,
 * which is then closed: after a parse error the connection cannot be trusted.
 */
import { maxHeaderSize, STATUS_CODES } from 'node:http';
import type { Socket } from 'node:net';
import { AppError, errorBody } from '../errors.js';

/** llhttp's error codes, as what the sender did wrong. */
const REASONS: Record<string, string> = {
  HPE_INVALID_HEADER_TOKEN:
    'a header name or value holds a character HTTP does not allow, such as a control character',
  HPE_INVALID_CHUNK_SIZE: 'a chunk size of the chunked body is not a hexadecimal number',
  HPE_INVALID_CONTENT_LENGTH: 'Content-Length is not a single number',
  HPE_UNEXPECTED_CONTENT_LENGTH: 'Content-Length and Transfer-Encoding: chunked may not be sent together',
  HPE_INVALID_TRANSFER_ENCODING:
    'Transfer-Encoding must end with chunked and may not be sent with Content-Length',
  HPE_INVALID_METHOD: 'the method is not an HTTP method',
  HPE_INVALID_URL: 'the request target is not a valid URL path',
  HPE_INVALID_VERSION: 'the HTTP version is not HTTP/1.0 or HTTP/1.1',
  HPE_LF_EXPECTED: 'a line does not end with CRLF',
  HPE_CR_EXPECTED: 'a line does not end with CRLF',
  HPE_INVALID_EOF_STATE: 'the connection ended in the middle of the request',
};

export function clientErrorAnswer(code: string | undefined): AppError {
  if (code === 'ERR_HTTP_REQUEST_TIMEOUT') {
    return new AppError(
      'request_timeout',
      'Request timeout: the request did not arrive in full in time; send it again',
    );
  }
  if (code === 'HPE_HEADER_OVERFLOW') {
    return new AppError(
      'headers_too_large',
      `Request headers too large: the request line and headers together may be at most ${maxHeaderSize / 1024} KiB`,
    );
  }
  const reason = (code && REASONS[code]) ?? 'it is not valid HTTP/1.1';
  return new AppError(
    'bad_request',
    `Malformed HTTP request: ${reason}`,
    code ? { reason: code } : undefined,
  );
}

/** Fastify's `clientErrorHandler`. */
export function answerClientError(err: Error & { code?: string }, socket: Socket): void {
  if (err.code === 'ECONNRESET' || socket.destroyed) return;
  if (socket.writable) {
    const answer = clientErrorAnswer(err.code);
    const body = JSON.stringify(errorBody(answer));
    socket.write(
      `HTTP/1.1 ${answer.status} ${STATUS_CODES[answer.status]}\r\n` +
        'Content-Type: application/json; charset=utf-8\r\n' +
        `Content-Length: ${Buffer.byteLength(body)}\r\n` +
        'X-Content-Type-Options: nosniff\r\n' +
        'Connection: close\r\n\r\n' +
        body,
    );
  }
  socket.destroy(err);
}
