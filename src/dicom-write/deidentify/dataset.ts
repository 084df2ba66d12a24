/**
 * Source attributes from a parsed DICOM file (dicom-parser DataSet), for
 * `deidentifyAttributes`: the string value of every attribute of the
 * confidentiality profile table that is present at the top level, plus
 * Manufacturer and Manufacturer's Model Name (kept).
 */
import type { VolumeMetadata } from '../../volume/volume.js';
import { deidentifyAttributes } from './deidentify.js';
import { CONFIDENTIALITY_PROFILE } from './profile.js';
import type { DeidentifiedAttributes, DeidentifyOptions } from './types.js';
import { TAGS, parserKey } from '../../dicom-base/tags.js';

const EXTRA: readonly (readonly [number, string])[] = [TAGS.Manufacturer, TAGS.ManufacturerModelName].map((d) => [d.number, d.keyword] as const);

/**
 * The members of a dicom-parser `DataSet` read here, structurally, so that the
 * public declarations do not name dicom-parser's types (its index.d.ts needs
 * @types/node for `Buffer`). A dicom-parser `DataSet` is one.
 */
export interface DataSetLike {
  readonly elements: { readonly [tag: string]: { readonly items?: unknown } | undefined };
  string(tag: string): string | undefined;
}

/** Keyword -> string value of the profile's attributes present in `ds` (sequences are recorded as "(sequence)"). */
export function attributesFromDataSet(ds: DataSetLike): Record<string, string> {
  const out: Record<string, string> = {};
  const all: (readonly [number, string])[] = [...CONFIDENTIALITY_PROFILE.map((p) => [p.tag, p.keyword] as const), ...EXTRA];
  for (const [tag, kw] of all) {
    const el = ds.elements[parserKey(tag)];
    if (!el) continue;
    if (el.items !== undefined) {
      out[kw] = '(sequence)';
      continue;
    }
    let v: string | undefined;
    try {
      v = ds.string(parserKey(tag));
    } catch {
      v = undefined; // a value dicom-parser cannot read as a string is treated as absent
    }
    if (v !== undefined && v.length > 0) out[kw] = v;
  }
  return out;
}

/**
 * De-identify a parsed source file: `deidentifyAttributes` over its attributes.
 * @throws DicomError INVALID_PARAMETER
 */
export function deidentifyDataset(ds: DataSetLike, metadata: VolumeMetadata, options: DeidentifyOptions, data?: Float32Array): DeidentifiedAttributes {
  return deidentifyAttributes({ metadata, attributes: attributesFromDataSet(ds), ...(data ? { data } : {}) }, options);
}
