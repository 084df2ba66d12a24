/**
 * The Auer brain perfusion phantom (Interfile 3.3) against its golden JSON.
 */
import { readFileSync } from 'node:fs';
import { expect, it } from 'vitest';
import { describeShared, golden, sharedBytes, sharedPath } from '../helpers/shared-data.js';
import { parseInterfileHeader, readInterfile } from '../../src/interfile/index.js';

interface Golden {
  keys: Record<string, string>;
  parsed: { matrix_size_1_columns: number; matrix_size_2_rows: number; number_of_slices: number; voxel_size_mm: number[]; voxel_size_strict_interfile_3_3_mm: number[] };
  stats: { min: number; max: number; sum: number; mean: number; nonzero_voxels: number };
  samples_slice_row_col: { pos: [number, number, number]; value: number }[];
  values: { value: number; voxels: number }[];
}

const FILES = ['interfile/Brain_Perfusion_Source_120x120x120.h33', 'interfile/Brain_Perfusion_Attn_72x90x77.h33'];

describeShared('Interfile phantom vs golden values', () => {
  for (const rel of FILES) {
    it(rel, () => {
      const g = golden<Golden>(rel);
      const text = readFileSync(sharedPath(rel), 'latin1');
      const h = parseInterfileHeader(text);
      expect(h.keys).toEqual(g.keys);
      const dataFile = rel.replace(/[^/]+$/, h.keys['name of data file']!);
      const v = readInterfile(text, sharedBytes(dataFile));
      const [nx, ny, nz] = v.dims;
      expect([nx, ny, nz]).toEqual([g.parsed.matrix_size_1_columns, g.parsed.matrix_size_2_rows, g.parsed.number_of_slices]);
      expect(v.spacing).toEqual(g.parsed.voxel_size_mm);
      expect(v.metadata.format).toBe('interfile');
      expect(v.issues.map((i) => i.code).sort()).toEqual(['INTERFILE_ORIENTATION_ASSUMED', 'INTERFILE_SLICE_SEPARATION_AS_MM', 'INTERFILE_TYPE_ASSUMED']);
      // centre of the grid at the origin, head-first supine convention
      const c = [(nx - 1) / 2, (ny - 1) / 2, (nz - 1) / 2];
      for (let r = 0; r < 3; r++) {
        let s = v.affine[4 * r + 3]!;
        for (let k = 0; k < 3; k++) s += v.affine[4 * r + k]! * c[k]!;
        expect(Math.abs(s)).toBeLessThan(1e-9);
      }
      expect([v.affine[0], v.affine[5], v.affine[10]]).toEqual([-2, -2, 2]);

      let min = Infinity, max = -Infinity, nonzero = 0;
      const hist = new Map<number, number>();
      for (let i = 0; i < v.data.length; i++) {
        const x = v.data[i]!;
        if (x < min) min = x;
        if (x > max) max = x;
        if (x !== 0) nonzero++;
        hist.set(x, (hist.get(x) ?? 0) + 1);
      }
      expect([min, max, nonzero]).toEqual([g.stats.min, g.stats.max, g.stats.nonzero_voxels]);
      expect(v.metadata.totalCounts).toBe(g.stats.sum);
      expect(v.metadata.totalCounts / v.data.length).toBeCloseTo(g.stats.mean, 12);
      for (const s of g.samples_slice_row_col) {
        const [k, j, i] = s.pos;
        expect(v.data[i + nx * (j + ny * k)], `slice ${k} row ${j} col ${i}`).toBe(s.value);
      }
      expect(hist.size).toBe(g.values.length);
      for (const b of g.values) expect(hist.get(b.value), `value ${b.value}`).toBe(b.voxels);

      const strict = readInterfile(text, sharedBytes(dataFile), { sliceSeparation: 'pixels' });
      expect(strict.spacing).toEqual(g.parsed.voxel_size_strict_interfile_3_3_mm);
    });
  }
});
