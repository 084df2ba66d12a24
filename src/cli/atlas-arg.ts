/**
 * The `--atlas SPEC` grammar of `analyze` and `batch`:
 *   fsl:ATLAS.nii[,LABELS.xml]        FSL MNI structural atlas
 *   aal:ATLAS.nii[.gz],NAMES.txt      AAL with its MRIcron name list
 *   suit:ATLAS.nii,LABELS.tsv         SUIT-style cerebellar atlas
 *   ATLAS.nii,LABELS.(tsv|json),GROUPS.json   any atlas with a group mapping
 * parsed into the structured files src/node/atlas.ts loads.
 */
import type { AtlasFiles } from '../node/atlas.js';
import { usage } from './args.js';

/** @throws SpectError USAGE when a part the kind needs is missing. */
export function parseAtlasArg(spec: string): AtlasFiles {
  const m = /^(fsl|aal|suit):(.*)$/is.exec(spec);
  const kind = m ? m[1]!.toLowerCase() : 'custom';
  const parts = (m ? m[2]! : spec).split(',');
  const [image, labels, groups] = parts;
  if (!image) throw usage('--atlas needs the atlas image (e.g. fsl:ATLAS.nii or aal:ATLAS.nii,NAMES.txt)');
  if (parts.length > (kind === 'custom' ? 3 : 2)) throw usage(`--atlas ${kind === 'custom' ? 'ATLAS.nii,LABELS,GROUPS.json' : `${kind}:`} takes at most ${kind === 'custom' ? 3 : 2} comma-separated files`);
  switch (kind) {
    case 'fsl': return { kind, image, ...(labels ? { labels } : {}) };
    case 'aal':
      if (!labels) throw usage('--atlas aal:ATLAS.nii,NAMES.txt needs the name list');
      return { kind, image, labels };
    case 'suit':
      if (!labels) throw usage('--atlas suit:ATLAS.nii,LABELS.tsv needs the label table');
      return { kind, image, labels };
    default:
      if (!labels || !groups) throw usage('--atlas ATLAS.nii,LABELS.(tsv|json),GROUPS.json needs a label table and a group mapping');
      return { kind: 'custom', image, labels, groups };
  }
}

/** The files an --atlas spec names, in order (for the batch's options fingerprint). */
export function atlasArgFiles(spec: string): string[] {
  const f = parseAtlasArg(spec);
  return [f.image, ...('labels' in f && f.labels !== undefined ? [f.labels] : []), ...(f.kind === 'custom' ? [f.groups] : [])];
}
