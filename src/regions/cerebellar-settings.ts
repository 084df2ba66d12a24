/**
 * The two widths around the atlas cerebellum that the analysis uses, in one place because the
 * masks shipped with the built-in atlas (shipped/masks.ts) are made with both.
 */

/** Width of the cerebellar rim next to the cerebrum left out of the measurement, mm (rim.ts). */
export const CEREBELLAR_RIM_MM = 2;

/** Margin of the region left out of the registration cost around the atlas cerebellum, mm (exclusion.ts; measured in docs/validation.md). */
export const CEREBELLUM_EXCLUSION_MARGIN_MM = 10;

/** Both, as the shipped masks record them. */
export const CEREBELLAR_MASK_SETTINGS = { rimMm: CEREBELLAR_RIM_MM, marginMm: CEREBELLUM_EXCLUSION_MARGIN_MM } as const;
