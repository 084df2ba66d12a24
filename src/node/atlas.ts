/**
 * Load an external label atlas from files, for `analyze --atlas`:
 *   fsl:ATLAS.nii[,LABELS.xml]   FSL MNI structural atlas (voxel = xml index + 1)
 *   aal:ATLAS.nii[.gz],NAMES.txt AAL with its MRIcron name list
 *   suit:ATLAS.nii,LABELS.tsv    SUIT-style cerebellar atlas
 *   ATLAS.nii,LABELS.(tsv|json)  any atlas; groups from a JSON mapping file given as a third item
 */
import { aalGroups, fslMniGroups, loadLabelAtlas, parseAalText, parseFslAtlasXml, parseLabelJson, parseLabelTsv, suitGroups } from '../atlas/index.js';
import type { AtlasLabel, LabelAtlas } from '../atlas/index.js';
import { ErrorCode, SpectError } from '../errors.js';
import { readNiftiLabels } from '../nifti/index.js';
import { readBytes } from './files.js';

const FSL_NAMES = ['Caudate', 'Cerebellum', 'Frontal Lobe', 'Insula', 'Occipital Lobe', 'Parietal Lobe', 'Putamen', 'Temporal Lobe', 'Thalamus'];

async function text(path: string): Promise<string> {
  return new TextDecoder().decode(await readBytes(path));
}

async function tableOf(path: string): Promise<AtlasLabel[]> {
  if (/\.xml$/i.test(path)) return parseFslAtlasXml(await text(path));
  if (/\.json$/i.test(path)) return parseLabelJson(await text(path));
  if (/\.tsv$/i.test(path)) return parseLabelTsv(await text(path));
  return parseAalText(await text(path));
}

/** Parse an --atlas specification and load the atlas. */
export async function loadAtlasSpec(spec: string): Promise<LabelAtlas> {
  const m = /^(fsl|aal|suit):(.*)$/i.exec(spec);
  const kind = m ? m[1]!.toLowerCase() : 'custom';
  const parts = (m ? m[2]! : spec).split(',');
  const image = readNiftiLabels(await readBytes(parts[0]!));
  const usage = (msg: string) => new SpectError(ErrorCode.USAGE, msg);
  switch (kind) {
    case 'fsl': {
      const table = parts[1]
        ? await tableOf(parts[1])
        : FSL_NAMES.map((name, i) => ({ value: i + 1, name, side: 'M' as const, group: '' }));
      return loadLabelAtlas(image, table, fslMniGroups(), { name: 'FSL MNI structural atlas' });
    }
    case 'aal': {
      if (!parts[1]) throw usage('--atlas aal:ATLAS.nii,NAMES.txt needs the name list');
      return loadLabelAtlas(image, await tableOf(parts[1]), aalGroups, { name: 'AAL' });
    }
    case 'suit': {
      if (!parts[1]) throw usage('--atlas suit:ATLAS.nii,LABELS.tsv needs the label table');
      return loadLabelAtlas(image, await tableOf(parts[1]), suitGroups, { name: 'SUIT cerebellar atlas' });
    }
    default: {
      if (!parts[1] || !parts[2]) throw usage('--atlas ATLAS.nii,LABELS.(tsv|json),GROUPS.json needs a label table and a group mapping');
      const groups = JSON.parse(await text(parts[2])) as Record<string, number[]>;
      return loadLabelAtlas(image, await tableOf(parts[1]), groups, { name: 'custom atlas' });
    }
  }
}
