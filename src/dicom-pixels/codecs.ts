/**
 * Adapters around the third-party codecs. Each codec module is loaded lazily
 * with dynamic import() the first time it is needed, and initialised once.
 * The cornerstone codecs are used in their decode-only builds: in browsers the
 * self-contained JavaScript build (no file or URL to load), under Node the
 * WebAssembly build when it loads, else the JavaScript one.
 * They are imported through the package `imports` (`#codec/<name>` and
 * `#codec/<name>-wasm`, package.json): under the `node` condition these are the
 * codec packages; under `browser` / `default` both are the package's own browser
 * build (dist/codecs/, the JavaScript build bundled without `fs`/`path`), so that
 * bundlers need no externals (docs/packaging.md).
 */
import { PixelDataError, ErrorCode } from '../errors.js';

/** One decoded frame, samples interleaved, values right-aligned. */
export interface CodecFrame {
  readonly values: Uint8Array | Uint16Array | Int16Array;
  readonly width: number;
  readonly height: number;
  readonly components: number;
  readonly bitsPerSample: number;
  readonly signed: boolean;
  /** True when the codec returned one plane per component instead of interleaved samples. */
  readonly planar: boolean;
}

type Factory = () => Promise<CornerstoneDecoderClass>;

/**
 * Messages the Emscripten codecs print (OpenJPEG logs [INFO]/[ERROR] lines).
 * They are kept (last few) instead of going to the console, and quoted in
 * the error when a decode fails.
 */
const codecLog: string[] = [];
// Emscripten turns the options object into the Module itself: always pass a fresh copy.
const QUIET = {
  print: (s: string): void => {
    codecLog.push(String(s));
    if (codecLog.length > 20) codecLog.shift();
  },
  printErr: (s: string): void => {
    codecLog.push(String(s));
    if (codecLog.length > 20) codecLog.shift();
  },
};

interface Lazy {
  (): Promise<CornerstoneDecoderClass>;
  /** Forget the instance (after an Emscripten abort its state cannot be trusted). */
  reset(): void;
}

function lazy(load: Factory): Lazy {
  let p: Promise<CornerstoneDecoderClass> | undefined;
  const get = (): Promise<CornerstoneDecoderClass> => {
    if (p === undefined) {
      p = load().catch((e: unknown) => {
        p = undefined;
        throw new PixelDataError(ErrorCode.DECODE_FAILED, 'could not load the image codec', { cause: e });
      });
    }
    return p;
  };
  return Object.assign(get, {
    reset: (): void => {
      p = undefined;
    },
  });
}

/** True under Node.js (not in a browser or a worker). */
const IS_NODE = typeof process === 'object' && typeof process.versions === 'object' && typeof process.versions.node === 'string';

let portableOnly = false;
let loadedBuilds: Record<string, 'wasm' | 'js'> = {};

/**
 * Choose the codec builds: 'auto' (default: WebAssembly build under Node when
 * it loads, self-contained JavaScript build otherwise) or 'portable' (always
 * the self-contained JavaScript build). Codecs already loaded are reloaded.
 */
export function setCodecBuild(mode: 'auto' | 'portable'): void {
  portableOnly = mode === 'portable';
  loadedBuilds = {};
  for (const c of [charls, openjpeg, libjpeg]) c.reset();
}

/** Which build each codec loaded so far uses (for diagnostics and tests). */
export function codecBuilds(): Readonly<Record<string, 'wasm' | 'js'>> {
  return { ...loadedBuilds };
}

type ModuleFactory<K extends string> = (options?: object) => Promise<Record<K, CornerstoneDecoderClass>>;

/**
 * Under Node, first try the WebAssembly build (3-4x faster; it reads its
 * .wasm file next to the script, which fails if the package was bundled
 * away from node_modules), then the self-contained JavaScript build.
 * Elsewhere only the self-contained build is used (no file or URL to fetch).
 */
async function loadDecoder<K extends string>(
  key: K,
  wasm: () => Promise<{ default: ModuleFactory<K> }>,
  js: () => Promise<{ default: ModuleFactory<K> }>,
): Promise<CornerstoneDecoderClass> {
  if (IS_NODE && !portableOnly) {
    try {
      const cls = (await (await wasm()).default({ ...QUIET }))[key];
      loadedBuilds[key] = 'wasm';
      return cls;
    } catch {
      // fall back to the pure-JS build below
    }
  }
  const cls = (await (await js()).default({ ...QUIET }))[key];
  loadedBuilds[key] = 'js';
  return cls;
}

const charls = /* @__PURE__ */ lazy(() =>
  loadDecoder('JpegLSDecoder', () => import('#codec/charls-wasm'), () => import('#codec/charls')),
);
const openjpeg = /* @__PURE__ */ lazy(() =>
  loadDecoder('J2KDecoder', () => import('#codec/openjpeg-wasm'), () => import('#codec/openjpeg')),
);
const libjpeg = /* @__PURE__ */ lazy(() =>
  loadDecoder('JPEGDecoder', () => import('#codec/libjpeg-turbo-8bit-wasm'), () => import('#codec/libjpeg-turbo-8bit')),
);

function message(e: unknown): string {
  // Emscripten C++ exceptions arrive as a bare number (a pointer), without text.
  const base = e instanceof Error ? e.message : typeof e === 'number' ? 'the codec rejected the codestream' : String(e);
  const log = codecLog.filter((l) => /error/iu.test(l)).slice(-3);
  return log.length > 0 ? `${base} (${log.join('; ')})` : base;
}

async function runCornerstone(codec: Lazy, name: string, data: Uint8Array): Promise<CodecFrame> {
  const Decoder = await codec();
  codecLog.length = 0;
  let dec: CornerstoneDecoder | undefined;
  try {
    dec = new Decoder();
    dec.getEncodedBuffer(data.length).set(data);
    dec.decode();
    const info = dec.getFrameInfo();
    const out = dec.getDecodedBuffer();
    const interleave = typeof dec.getInterleaveMode === 'function' ? dec.getInterleaveMode() : 2;
    const bytes = new Uint8Array(out); // copy out of the codec's heap before delete()
    const wide = info.bitsPerSample > 8;
    const n = info.width * info.height * info.componentCount;
    if (bytes.length < n * (wide ? 2 : 1)) {
      throw new Error(`codec returned ${String(bytes.length)} bytes for ${String(n)} samples`);
    }
    const values = wide
      ? info.isSigned
        ? new Int16Array(bytes.buffer, 0, n)
        : new Uint16Array(bytes.buffer, 0, n)
      : new Uint8Array(bytes.buffer, 0, n);
    return {
      values,
      width: info.width,
      height: info.height,
      components: info.componentCount,
      bitsPerSample: info.bitsPerSample,
      signed: info.isSigned,
      planar: name === 'CharLS' && interleave === 0 && info.componentCount > 1,
    };
  } catch (e) {
    if (e instanceof PixelDataError) throw e;
    // An abort (WebAssembly.RuntimeError, "Aborted(...)") leaves the module unusable: reload next time.
    if (e instanceof Error && (e.name === 'RuntimeError' || /abort/iu.test(e.message))) codec.reset();
    throw new PixelDataError(ErrorCode.DECODE_FAILED, `${name} could not decode the frame: ${message(e)}`, { cause: e });
  } finally {
    try {
      dec?.delete();
    } catch {
      // a codec that aborted may refuse delete(); nothing else to free
    }
  }
}

/** JPEG-LS lossless / near-lossless (ITU T.87) with CharLS. @throws PixelDataError DECODE_FAILED */
export function decodeJpegLs(data: Uint8Array): Promise<CodecFrame> {
  return runCornerstone(charls, 'CharLS', data);
}

/** JPEG 2000 and HTJ2K (ITU T.800 / T.814) with OpenJPEG. @throws PixelDataError DECODE_FAILED */
export function decodeJ2k(data: Uint8Array): Promise<CodecFrame> {
  return runCornerstone(openjpeg, 'OpenJPEG', data);
}

/** 8-bit JPEG baseline (ITU T.81 process 1) with libjpeg-turbo. @throws PixelDataError DECODE_FAILED */
export function decodeJpegBaseline8(data: Uint8Array): Promise<CodecFrame> {
  return runCornerstone(libjpeg, 'libjpeg-turbo', data);
}

type LosslessModule = typeof import('@cornerstonejs/jpeg-lossless-decoder-js');
let losslessModule: Promise<LosslessModule> | undefined;

/**
 * JPEG lossless (ITU T.81 process 14, any predictor) with
 * @cornerstonejs/jpeg-lossless-decoder-js (the maintained fork of
 * jpeg-lossless-decoder-js that cornerstone's DICOM image loader uses).
 * @throws PixelDataError DECODE_FAILED
 */
export async function decodeJpegLossless(data: Uint8Array, width: number, height: number, components: number, precision: number): Promise<CodecFrame> {
  losslessModule ??= import('@cornerstonejs/jpeg-lossless-decoder-js');
  let mod: LosslessModule;
  try {
    mod = await losslessModule;
  } catch (e) {
    losslessModule = undefined;
    throw new PixelDataError(ErrorCode.DECODE_FAILED, 'could not load the JPEG lossless codec', { cause: e });
  }
  try {
    const copy = new Uint8Array(data); // own ArrayBuffer at offset 0 (a Buffer's .slice() would be a view)
    const bytesPer = precision > 8 ? 2 : 1;
    const decoder = new mod.Decoder();
    const out = decoder.decode(copy.buffer, 0, copy.length, bytesPer);
    // The decoder reads past the end of a truncated stream without complaint
    // (it sees undefined bytes as zeros): check where its reader stopped.
    const stopped = decoder.stream?.index;
    if (typeof stopped === 'number' && stopped > copy.length) throw new Error('the codestream ends early (truncated)');
    const n = width * height * components;
    if (out.length < n) throw new Error(`decoder returned ${String(out.length)} samples for ${String(n)}`);
    return { values: out.length === n ? out : out.subarray(0, n), width, height, components, bitsPerSample: precision, signed: false, planar: false };
  } catch (e) {
    throw new PixelDataError(ErrorCode.DECODE_FAILED, `JPEG lossless decoder failed: ${message(e)}`, { cause: e });
  }
}
