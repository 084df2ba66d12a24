/** The region-group names the analysis reads (src/vocabulary/region-groups.ts) are the ones the atlases provide. */
import { describe, expect, it } from 'vitest';
import { RegionGroup } from '../../src/vocabulary/region-groups.js';
import { BUILTIN_GROUPS } from '../../src/atlas/labels.js';
import { aalGroups, fslMniGroups } from '../../src/atlas/presets.js';

describe('RegionGroup', () => {
  it('maps each name to itself', () => {
    for (const [k, v] of Object.entries(RegionGroup)) expect(v).toBe(k);
  });

  it('the built-in atlas has every group, each with labels', () => {
    for (const g of Object.values(RegionGroup)) expect(BUILTIN_GROUPS[g]?.length, g).toBeGreaterThan(0);
  });

  it('the presets of public atlases have the groups of the primary ratio and the whole brain', () => {
    const fsl = fslMniGroups();
    const aal = aalGroups([]);
    for (const g of [RegionGroup.cerebellum, RegionGroup.cerebralCortex, RegionGroup.wholeBrain, RegionGroup.thalamus]) {
      expect(fsl[g]?.length, `FSL ${g}`).toBeGreaterThan(0);
      expect(aal[g]?.length, `AAL ${g}`).toBeGreaterThan(0);
    }
  });
});
