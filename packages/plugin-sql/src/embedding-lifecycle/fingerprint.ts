/** The text whose embedding identifies a model (its fingerprint). Changing it makes every stored fingerprint useless. */
export const FINGERPRINT_PROBE_TEXT =
  'eliza-sql embedding fingerprint: a quiet harbour at dawn, seven red boats and a lighthouse keeper reading.';

/**
 * Two fingerprints of one dimension whose cosine similarity is below this come from different models.
 * The same model gives the same vector (hosted ones within ~1e-4), while two different models'
 * vectors for one text are unrelated directions (similarity near 0, rarely above 0.5).
 */
export const FINGERPRINT_MIN_SIMILARITY = 0.99;

/** Cosine similarity of two vectors of equal length (0 when either is all zeros). */
export function fingerprintSimilarity(a: readonly number[], b: readonly number[]): number {
  let dot = 0;
  let na = 0;
  let nb = 0;
  for (let i = 0; i < a.length; i++) {
    const x = a[i] ?? 0;
    const y = b[i] ?? 0;
    dot += x * y;
    na += x * x;
    nb += y * y;
  }
  return na === 0 || nb === 0 ? 0 : dot / Math.sqrt(na * nb);
}

/** Whether a stored space's fingerprint and a probe are the same model (either unknown: assumed so). */
export function isSameModel(stored: readonly number[] | null, probe: readonly number[] | undefined): boolean {
  if (!stored || !probe || stored.length !== probe.length) return true;
  return fingerprintSimilarity(stored, probe) >= FINGERPRINT_MIN_SIMILARITY;
}
