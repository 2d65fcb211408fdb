/** One call as the server hands it to the incoming log (`incoming-log.ts`) and its refused-call limit (`refused-calls.ts`). */
export interface IncomingCallEntry {
  /** When the call arrived (ms). */
  at: number;
  method: string;
  path: string;
  keyId: string | null;
  ip: string;
  status: number;
  /** The error code of a rejected call, null when accepted. */
  errorCode: string | null;
  reason: string | null;
  durationMs: number;
}
