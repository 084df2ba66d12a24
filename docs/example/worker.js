// The example page's worker: the analysis runs here, so the page stays
// responsive. Messages: { id, kind: 'ping' | 'analyze' | 'simulate', ... };
// answers { id, ok: true, ... } or { id, ok: false, error: { code, message } }.
import { isSpectError } from './lib/index.js';
import { analyzeFiles, simulateFile } from './analysis.js';

self.onmessage = async (event) => {
  const { id, kind } = event.data;
  try {
    if (kind === 'ping') {
      self.postMessage({ id, ok: true });
    } else if (kind === 'analyze') {
      const out = await analyzeFiles(event.data.files, event.data.options);
      self.postMessage({ id, ok: true, report: out.report, json: out.json, figure: out.figure }, [out.figure.buffer]);
    } else if (kind === 'simulate') {
      const f = simulateFile(event.data.params);
      self.postMessage({ id, ok: true, file: { name: f.name, bytes: f.bytes }, idealRatio: f.idealRatio }, [f.bytes.buffer]);
    } else {
      throw new Error(`unknown request ${String(kind)}`);
    }
  } catch (e) {
    const error = isSpectError(e)
      ? { code: e.code, message: e.message }
      : { code: null, message: e instanceof Error ? e.message : String(e) };
    self.postMessage({ id, ok: false, error });
  }
};
