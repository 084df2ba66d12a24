/**
 * Load an external label atlas from files (structured arguments; the CLI's
 * `--atlas` text grammar is parsed in src/cli/atlas-arg.ts):
 *   { kind: 'fsl', image, labels? }     FSL MNI structural atlas (voxel = xml index + 1)
 *   { kind: 'aal', image, labels }      AAL with its MRIcron name list
 *   { kind: 'suit', image, labels }     SUIT-style cerebellar atlas
 *   { kind: 'custom', image, labels, groups }  any atlas, groups from a JSON mapping file
 * A label table is read by its extension: .xml FSL, .json, .tsv, else AAL text.
 */
import { aalGroups, fslMniGroups, loadLabelAtlas, parseAalText, parseFslAtlasXml, parseLabelJson, parseLabelTsv, suitGroups } from '../atlas/index.js';
import type { AtlasLabel, LabelAtlas } from '../atlas/index.js';
import { AtlasError, ErrorCode } from '../errors.js';
import { readNiftiLabels } from '../nifti/index.js';
import { readBytes } from './files.js';

/** The files of an external atlas. */
export type AtlasFiles =
  | { readonly kind: 'fsl'; readonly image: string; readonly labels?: string }
  | { readonly kind: 'aal' | 'suit'; readonly image: string; readonly labels: string }
  | { readonly kind: 'custom'; readonly image: string; readonly labels: string; readonly groups: string };

const FSL_NAMES = ['Caudate', 'Cerebellum', 'Frontal Lobe', 'Insula', 'Occipital Lobe', 'Parietal Lobe', 'Putamen', 'Temporal Lobe', 'Thalamus'];

async function text(path: string): Promise<string> {
  return new TextDecoder().decode(await readBytes(path, undefined, 'an atlas file'));
}

async function tableOf(path: string): Promise<AtlasLabel[]> {
  if (/\.xml$/i.test(path)) return parseFslAtlasXml(await text(path));
  if (/\.json$/i.test(path)) return parseLabelJson(await text(path));
  if (/\.tsv$/i.test(path)) return parseLabelTsv(await text(path));
  return parseAalText(await text(path));
}

/** A group mapping file: `{ "group": [label values] }`. @throws AtlasError INVALID_LABEL_TABLE */
async function groupsOf(path: string): Promise<Record<string, number[]>> {
  let v: unknown;
  try {
    v = JSON.parse(await text(path));
  } catch (e) {
    if (e instanceof SyntaxError) throw new AtlasError(ErrorCode.INVALID_LABEL_TABLE, 'the group mapping file is not valid JSON', { cause: e });
    throw e;
  }
  const ok = typeof v === 'object' && v !== null && !Array.isArray(v) &&
    Object.values(v).every((x) => Array.isArray(x) && x.every((n) => Number.isInteger(n)));
  if (!ok) throw new AtlasError(ErrorCode.INVALID_LABEL_TABLE, 'the group mapping file must be a JSON object of group name -> list of integer label values');
  return v as Record<string, number[]>;
}

/** Load an external atlas from its files. */
export async function loadAtlasFiles(f: AtlasFiles): Promise<LabelAtlas> {
  const image = readNiftiLabels(await readBytes(f.image, undefined, 'the atlas image'));
  switch (f.kind) {
    case 'fsl': {
      const table = f.labels !== undefined
        ? await tableOf(f.labels)
        : FSL_NAMES.map((name, i) => ({ value: i + 1, name, side: 'M' as const, group: '' }));
      return loadLabelAtlas(image, table, fslMniGroups(), { name: 'FSL MNI structural atlas' });
    }
    case 'aal': return loadLabelAtlas(image, await tableOf(f.labels), aalGroups, { name: 'AAL' });
    case 'suit': return loadLabelAtlas(image, await tableOf(f.labels), suitGroups, { name: 'SUIT cerebellar atlas' });
    case 'custom': return loadLabelAtlas(image, await tableOf(f.labels), await groupsOf(f.groups), { name: 'custom atlas' });
  }
}
