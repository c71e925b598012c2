/**
 * A deterministic local text embedder for the tests and the demo: a hashed bag of words (FNV-1a of each
 * lower-cased, stemmed content word picks a dimension and a sign), L2-normalised. Texts sharing words
 * point in similar directions, so semantic recall is meaningful without a model server. Not for production.
 */

/** The default embedding size (the smallest elizaOS supports). */
export const EMBEDDING_DIMENSION = 384;

/** Function words carry no topic: leaving them out keeps recall about what was said. */
const STOPWORDS = new Set(
  (
    'a an and are as at be but by did do does for from had has have how i in is it its just me my of on or ' +
    'our so that the their them then there these they this to was we were what when where which who why ' +
    'will with you your'
  ).split(' '),
);

/** A crude stem (moved → move, bikes → bike, baking → bak) so inflections meet. */
function stem(word: string): string {
  for (const suffix of ['ing', 'ed', 'es', 's']) {
    if (word.length > suffix.length + 2 && word.endsWith(suffix)) return word.slice(0, -suffix.length);
  }
  return word;
}

function fnv1a(word: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < word.length; i++) {
    hash ^= word.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash;
}

/** Embeds `text`: the same text always gives the same unit vector of `dimension` values. */
export function embedText(text: string, dimension = EMBEDDING_DIMENSION): number[] {
  const vector = new Array<number>(dimension).fill(0);
  const words = (text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [])
    .filter((w) => !STOPWORDS.has(w))
    .map(stem);
  for (const word of words) {
    const hash = fnv1a(word);
    vector[hash % dimension] = (vector[hash % dimension] ?? 0) + ((hash >>> 16) & 1 ? 1 : -1);
  }
  const norm = Math.hypot(...vector);
  if (norm === 0) {
    vector[0] = 1; // the empty text: a fixed unit vector (cosine distance is undefined for zero vectors)
    return vector;
  }
  return vector.map((x) => x / norm);
}
