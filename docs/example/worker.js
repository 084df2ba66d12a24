// The example page's worker: the analysis runs here, so the page stays
// responsive. It serves the protocol of spect-perfusion/worker (analyze, ping;
// errors as { code, message }), plus one extension kind, 'simulate', for the
// page's simulator button.
import { serveAnalysisWorker } from './lib/worker.js';
import { simulateFile } from './analysis.js';

serveAnalysisWorker(self, {
  extensions: {
    simulate: (request) => {
      const f = simulateFile(request.params);
      return { value: { file: { name: f.name, bytes: f.bytes }, idealRatio: f.idealRatio }, transfer: [f.bytes.buffer] };
    },
  },
});
