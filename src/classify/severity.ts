/**
 * Severity by the size of the loss (docs/method.md, section 5).
 *
 * loss = 1 - ratio / expected, in percent, against the age- and
 * tracer-matched expected ratio (built-in age model or normal database).
 * The z-score against the same reference only decides whether the result is
 * outside the normal range at all; the label is then set by the loss:
 *
 * | label    | rule                                                   |
 * |----------|--------------------------------------------------------|
 * | normal   | z >= -2, or loss < 10 %                                 |
 * | mild     | z < -2 and 10 % <= loss < 16 %                          |
 * | moderate | z < -2 and 16 % <= loss < 27.5 %                        |
 * | severe   | z < -2 and loss >= 27.5 %                               |
 *
 * 16 % is above twice the largest spread of the built-in model (2 x 7.8 %,
 * Barthel 1997 children), so a loss of 16 % or more always passes the z gate
 * of the built-in model and moderate and severe mean the same at every age.
 */
export type SeverityLabel = 'normal' | 'mild' | 'moderate' | 'severe';

export interface SeverityThresholds {
  /** z below which a result is outside the normal range (default -2). */
  readonly abnormalZ: number;
  /** Smallest loss (%) that any abnormal label needs (default 10). */
  readonly mildLossPercent: number;
  /** Loss (%) from which the label is moderate (default 16). */
  readonly moderateLossPercent: number;
  /** Loss (%) from which the label is severe (default 27.5). */
  readonly severeLossPercent: number;
  /** Loss (%) that each cerebellar hemisphere must reach for a severe result to count as bilateral (default 16). */
  readonly hemisphereLossPercent: number;
}

export const DEFAULT_SEVERITY: SeverityThresholds = Object.freeze({
  abnormalZ: -2,
  mildLossPercent: 10,
  moderateLossPercent: 16,
  severeLossPercent: 27.5,
  hemisphereLossPercent: 16,
});

/** Relative loss in percent: 100 x (1 - ratio / expected); positive = lower than expected. */
export function percentLoss(ratio: number, expected: number): number {
  return 100 * (1 - ratio / expected);
}

export interface Grade {
  readonly label: SeverityLabel;
  /** One sentence on why (for `reasons`). */
  readonly why: string;
}

/** The label of a loss (%) and its z-score. */
export function gradeLoss(lossPercent: number, z: number, th: SeverityThresholds = DEFAULT_SEVERITY): Grade {
  const loss = `loss ${lossPercent.toFixed(1)} %`;
  if (!(z < th.abnormalZ)) return { label: 'normal', why: `${loss}, z = ${z.toFixed(2)}: within the normal range of the reference (z >= ${th.abnormalZ})` };
  if (lossPercent < th.mildLossPercent) {
    return { label: 'normal', why: `z = ${z.toFixed(2)} is below ${th.abnormalZ}, but the ${loss} is smaller than the ${th.mildLossPercent} % any abnormal label needs` };
  }
  let label: SeverityLabel = 'mild';
  if (lossPercent >= th.severeLossPercent) label = 'severe';
  else if (lossPercent >= th.moderateLossPercent) label = 'moderate';
  const band = label === 'severe' ? `>= ${th.severeLossPercent} %`
    : label === 'moderate' ? `${th.moderateLossPercent}-${th.severeLossPercent} %` : `${th.mildLossPercent}-${th.moderateLossPercent} %`;
  return { label, why: `${loss} (${label}: ${band}), outside the normal range (z = ${z.toFixed(2)} < ${th.abnormalZ})` };
}
