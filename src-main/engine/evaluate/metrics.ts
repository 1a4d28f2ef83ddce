// Accuracy, confusion and the seen/unseen quadrants (SPEC.md section 3, paper Fig. 6), all
// computed from a confusion matrix counts[true][predicted]. Accuracies are fractions in [0,1];
// quadrants are percentages, as shared/results.ts documents.
import type { Quadrants, RestrictedAccuracy } from '../../../shared/results';

export function confusionCounts(labels: ArrayLike<number>, preds: ArrayLike<number>, classes: number): number[][] {
  if (labels.length !== preds.length) throw new Error(`confusion: ${labels.length} labels but ${preds.length} predictions`);
  const counts = Array.from({ length: classes }, () => new Array<number>(classes).fill(0));
  for (let i = 0; i < labels.length; i++) {
    const t = labels[i]!;
    const p = preds[i]!;
    if (t < 0 || t >= classes || p < 0 || p >= classes) throw new Error(`confusion: label ${t} or prediction ${p} outside 0..${classes - 1}`);
    counts[t]![p]! += 1;
  }
  return counts;
}

/** Top-1 accuracy over the images whose true category is in `rows` (all when omitted); null when there are none. */
export function accuracyOf(counts: number[][], rows?: readonly number[]): number | null {
  const which = rows ?? counts.map((_, i) => i);
  let correct = 0;
  let total = 0;
  for (const r of which) {
    const row = counts[r];
    if (!row) throw new Error(`accuracy: category ${r} outside 0..${counts.length - 1}`);
    correct += row[r]!;
    total += row.reduce((s, v) => s + v, 0);
  }
  return total === 0 ? null : correct / total;
}

/**
 * Of the images of seen (unseen) categories, the percentage predicted as some seen (unseen)
 * category. A half with no categories or no images is null.
 */
export function quadrants(counts: number[][], seenCategories: readonly number[]): Quadrants {
  const seen = new Set(seenCategories);
  const tally = (trueSeen: boolean) => {
    let asSeen = 0;
    let asUnseen = 0;
    counts.forEach((row, t) => {
      if (seen.has(t) !== trueSeen) return;
      row.forEach((v, p) => { if (seen.has(p)) asSeen += v; else asUnseen += v; });
    });
    const total = asSeen + asUnseen;
    return total === 0 ? [null, null] as const : [100 * asSeen / total, 100 * asUnseen / total] as const;
  };
  const [seenAsSeen, seenAsUnseen] = tally(true);
  const [unseenAsSeen, unseenAsUnseen] = tally(false);
  return { seenAsSeen, seenAsUnseen, unseenAsSeen, unseenAsUnseen };
}

/** Categories 0..classes-1 not in `seen`, ascending. */
export function unseenOf(classes: number, seen: readonly number[]): number[] {
  const s = new Set(seen);
  return Array.from({ length: classes }, (_, i) => i).filter((i) => !s.has(i));
}

/** Chance-corrected accuracy, (acc - chance) / (1 - chance); null when chance is 1 (a choice of one). */
export function chanceCorrected(accuracy: number, chance: number): number | null {
  return chance >= 1 ? null : (accuracy - chance) / (1 - chance);
}

/** A restricted-choice accuracy from its tally over a subset of `categories` categories (null when no image). */
export function restrictedAccuracy(tally: { correct: number; total: number }, categories: number): RestrictedAccuracy | null {
  if (tally.total === 0 || categories === 0) return null;
  const accuracy = tally.correct / tally.total;
  const chance = 1 / categories;
  return { accuracy, chance, corrected: chanceCorrected(accuracy, chance), categories, images: tally.total };
}

/** Test images of the given categories, from a confusion matrix. */
export function imagesOf(counts: number[][], rows: readonly number[]): number {
  return rows.reduce((s, r) => s + (counts[r] ?? []).reduce((a, v) => a + v, 0), 0);
}
