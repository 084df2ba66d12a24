/**
 * The perfusion tracers the library knows, and the one parser of free-text
 * tracer names (DICOM Radiopharmaceutical (0018,0031) or Code Meaning, NIfTI
 * sidecar fields, manifest cells, `--tracer`). Ground floor: imports nothing.
 */

export const Tracer = { HMPAO: 'HMPAO', ECD: 'ECD', IMP: 'IMP' } as const;
export type Tracer = (typeof Tracer)[keyof typeof Tracer];
export const TRACERS: readonly Tracer[] = Object.freeze([Tracer.HMPAO, Tracer.ECD, Tracer.IMP]);

/** True for 'HMPAO', 'ECD' or 'IMP' (exactly, as stored in reports and databases). */
export function isTracer(s: unknown): s is Tracer {
  return s === Tracer.HMPAO || s === Tracer.ECD || s === Tracer.IMP;
}

// Nuclide prefixes ('Tc99m', '99mTc', 'Tc-99m', 'I-123', '123I') are cut off before matching,
// so that 'Tc99mECD' reads as ECD; the acronyms ECD and IMP then count only as a whole word
// (not inside 'implant' or 'simple'); the generic and brand names match as word starts.
const NUCLIDE = /(?:99M?-?TC|TC-?99M?|123-?I|I-?123)/g;
const HMPAO = /HMPAO|(?<![A-Z])(?:EXAMETAZI[MN]|CERETEC)/; // exametazime, and SNOMED's exametazine
const ECD = /(?<![A-Z])ECD(?![A-Z])|(?<![A-Z])(?:BICISAT|NEUROLITE)/;
const IMP = /(?<![A-Z])IMP(?![A-Z])|(?<![A-Z])(?:IOFETAMIN|IODO-?AMPHETAMIN)/;

/**
 * The tracer a free-text name denotes ('hmpao', 'Tc-99m Exametazime', 'Tc99m-ECD', 'bicisate',
 * 'Neurolite', '123I-IMP', 'iofetamine', 'N-isopropyl-p-iodoamphetamine', the SNOMED code meanings
 * 'Technetium Tc^99m^ exametazine' and 'Iofetamine I^123^ hydrochloride'), or null (an unknown or
 * empty name, another agent such as 'FDG'). Never guesses from a fragment of a longer word.
 */
export function parseTracer(text: string | null | undefined): Tracer | null {
  if (!text) return null;
  const s = text.toUpperCase().replace(NUCLIDE, ' ');
  if (HMPAO.test(s)) return Tracer.HMPAO;
  if (ECD.test(s)) return Tracer.ECD;
  if (IMP.test(s)) return Tracer.IMP;
  return null;
}
