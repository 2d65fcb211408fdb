/**
 * Raw deflate and inflate with a preset dictionary through one kept `node:zlib` handle each.
 *
 * `deflateRawSync`/`inflateRawSync` build a stream object and a zlib handle per call (`deflateInit`
 * allocates and clears about 256 KB, the handle is closed and collected after): for an event's few
 * hundred bytes that set-up was most of the call (deflate 17-19 µs → 7-8 µs kept, inflate 9 → 1 µs,
 * measured in docs/performance.md, "Issue 22, session 5: the incoming path"). Here one handle is
 * made on first use and `reset()` after each call, which re-applies the dictionary (node_zlib.cc's
 * `ResetStream`): the output is byte for byte the one-shot call's (test/core/store/kept-zlib.test.ts).
 *
 * The handle is driven as `zlib.js`'s own `processChunkSync` drives it (`_handle.writeSync` and
 * `_writeState`, which Node has kept since v10). Whatever does not fit that one call (an output
 * larger than the scratch buffer, an error, a Node without those fields) goes to the one-shot call,
 * which gives the same bytes or throws its own error. Synchronous only: no call can interleave.
 */
import {
  constants,
  DeflateRaw,
  deflateRawSync,
  InflateRaw,
  inflateRawSync,
  type ZlibOptions,
} from 'node:zlib';

/** What `zlib.js` keeps on a stream and drives in its synchronous path. */
interface Engine {
  _handle?: {
    writeSync(flush: number, input: Uint8Array, inOff: number, inLen: number, out: Buffer, outOff: number, outLen: number): void;
  } | null;
  /** `[availOutAfter, availInAfter]` of the last write. */
  _writeState?: Uint32Array;
  destroyed: boolean;
  reset(): void;
  on(event: 'error', listener: () => void): unknown;
}

/** Node's default chunk size: a bigger output goes through the one-shot call. */
const SCRATCH = 16 * 1024;

class KeptHandle {
  private engine: Engine | null = null;
  private unusable = false;
  /** Made with the handle, on first use: an idle process that records no event keeps neither. */
  private out = Buffer.alloc(0);

  constructor(private readonly make: () => Engine) {}

  /** The output's length in `out`, or -1: the caller falls back to the one-shot call. */
  run(input: Uint8Array): number {
    const engine = this.ready();
    if (!engine) return -1;
    engine._handle!.writeSync(constants.Z_FINISH, input, 0, input.length, this.out, 0, SCRATCH);
    // zlib reports an error by destroying the stream (synchronously, in writeSync): start afresh.
    if (engine.destroyed || !engine._handle) {
      this.engine = null;
      return -1;
    }
    const [availOut, availIn] = engine._writeState!;
    engine.reset();
    return availOut === 0 || availIn !== 0 ? -1 : SCRATCH - availOut;
  }

  /** Whether this Node's handle can be driven here (false: every call is the one-shot's). */
  usable(): boolean {
    return this.ready() !== null;
  }

  get output(): Buffer {
    return this.out;
  }

  private ready(): Engine | null {
    if (this.engine || this.unusable) return this.engine;
    const engine = this.make();
    if (typeof engine._handle?.writeSync !== 'function' || !(engine._writeState instanceof Uint32Array)) {
      this.unusable = true; // another Node's internals: the one-shot calls serve
      return null;
    }
    // The error event comes a tick after the destroy that `run` already saw.
    engine.on('error', () => {});
    if (this.out.length === 0) this.out = Buffer.allocUnsafe(SCRATCH);
    this.engine = engine;
    return engine;
  }
}

/** A raw deflater and inflater for one preset dictionary. */
export class KeptRawZlib {
  private readonly options: ZlibOptions;
  private readonly deflater: KeptHandle;
  private readonly inflater: KeptHandle;

  constructor(dictionary: Buffer) {
    this.options = { dictionary };
    this.deflater = new KeptHandle(() => new DeflateRaw(this.options) as unknown as Engine);
    this.inflater = new KeptHandle(() => new InflateRaw(this.options) as unknown as Engine);
  }

  /** Whether the kept handles serve (on a Node whose zlib internals differ, the one-shot calls do). */
  kept(): boolean {
    return this.deflater.usable() && this.inflater.usable();
  }

  /** `deflateRawSync(text, { dictionary })`, the same bytes. */
  deflate(text: string): Buffer {
    const input = Buffer.from(text, 'utf8');
    const length = this.deflater.run(input);
    if (length < 0) return deflateRawSync(input, this.options);
    const packed = Buffer.allocUnsafe(length);
    this.deflater.output.copy(packed, 0, 0, length);
    return packed;
  }

  /** `inflateRawSync(packed, { dictionary }).toString('utf8')`. */
  inflate(packed: Uint8Array): string {
    const length = this.inflater.run(packed);
    if (length < 0) return inflateRawSync(packed, this.options).toString('utf8');
    return this.inflater.output.toString('utf8', 0, length);
  }
}
