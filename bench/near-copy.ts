/** Unit vectors at an exact cosine similarity to a given one: planted near-duplicates and queries. */
import type { createRandom } from './support.js';

export type Random = ReturnType<typeof createRandom>;

/** A unit vector whose cosine similarity to the unit vector `v` is `similarity`. */
export function nearCopy(v: readonly number[], similarity: number, rng: Random): number[] {
  const noise = v.map(() => rng.normal());
  const along = noise.reduce((sum, x, i) => sum + x * (v[i] ?? 0), 0);
  const orthogonal = noise.map((x, i) => x - along * (v[i] ?? 0));
  const norm = Math.hypot(...orthogonal);
  const side = Math.sqrt(1 - similarity * similarity);
  return v.map((x, i) => similarity * x + (side * (orthogonal[i] ?? 0)) / norm);
}
