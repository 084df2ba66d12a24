/**
 * Timing of registerToTemplate (opt-in, never asserts on time):
 *   REGISTER_BENCH=1 npx vitest run test/register/timing.test.ts
 * 15 simulated 128^3 studies (project simulator, built-in phantom source, seed 7)
 * registered to the built-in template with the cerebellum excluded; prints the
 * median, min and max wall time per study (template pyramid cached after the first call).
 */
import { describe, expect, it } from 'vitest';
import { builtinAtlas, builtinPhantom, builtinTemplate, groupMask } from '../../src/atlas/index.js';
import { simulateStudy } from '../../src/simulate/index.js';
import { registerToTemplate } from '../../src/register/index.js';
import { createVolume } from '../../src/volume/volume.js';

describe.runIf(process.env.REGISTER_BENCH === '1')('registerToTemplate timing (128^3)', () => {
  it('prints timings', () => {
    const template = builtinTemplate({ voxelSize: 2, tracer: 'HMPAO' });
    const ba = builtinAtlas({ voxelSize: 2 });
    const cerebellum = createVolume({ data: Float32Array.from(groupMask(ba, 'cerebellum')), dims: ba.dims, affine: ba.affine });
    const phantom = builtinPhantom({ voxelSize: 2, tracer: 'HMPAO' });
    const labels = { data: ba.labels, dims: ba.dims, affine: ba.affine, cerebellum: ba.groups['cerebellum'] ?? [], cortex: ba.groups['cerebralCortex'] ?? [] };
    const times: number[] = [];
    for (let s = 0; s < 16; s++) {
      const study = simulateStudy({ activity: phantom, labels }, {
        cerebellarFactor: 0.7 + 0.02 * s,
        matrix: 128,
        voxelSizeMm: 2.5 + 0.05 * s,
        fwhmMm: 10,
        brainScale: 0.8 + 0.015 * s,
        pose: { rotationsDeg: [((s * 7) % 41) - 20, ((s * 11) % 41) - 20, ((s * 5) % 41) - 20], translationMm: [((s * 13) % 51) - 25, ((s * 3) % 51) - 25, ((s * 17) % 51) - 25] },
      }, 1000 + s);
      const t0 = performance.now();
      const r = registerToTemplate(study.volume, template, { exclude: { volume: cerebellum } });
      const dt = performance.now() - t0;
      if (s > 0) times.push(dt); // the first call builds the template pyramid
      expect(Number.isFinite(r.similarity)).toBe(true);
    }
    times.sort((a, b) => a - b);
    console.log(`registerToTemplate 128^3: median ${times[times.length >> 1]!.toFixed(0)} ms, min ${times[0]!.toFixed(0)} ms, max ${times[times.length - 1]!.toFixed(0)} ms over ${times.length} studies`);
  });
});
