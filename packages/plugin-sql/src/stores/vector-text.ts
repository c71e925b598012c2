/**
 * pgvector text of embeddings, written for what `vector` stores: float32.
 *
 * pgvector parses each value with `strtof` (nearest float32). Writing a double at full precision
 * (`[${v.join(',')}]`) costs V8's shortest-double conversion per value, about 17-19 digits, and it
 * is the largest client cost of a bulk insert (1.9 million values for 5,000 384-d memories). Here
 * each value is first rounded to float32 (`Math.fround`, round-to-nearest-even, exactly what the
 * column holds) and then written with 9 significant digits, which identify every float32 exactly:
 * the decimal is within 5e-9 (relative) of the float32 while its neighbours are at least 5.96e-8
 * away, so `strtof` reads back the same float32 (-0 included, which `join` wrote as 0). Integer arithmetic makes it ~2x faster and the
 * text ~1/3 shorter than `join`, and the stored vector is bit-identical to `Math.fround` of the input.
 */

import type { PreparedMemory } from './memory-row.js';

/** 10^k for k in [-40, 70], correctly rounded (index k + 40). */
const POWERS = Array.from({ length: 111 }, (_, i) => Number(`1e${i - 40}`));

/**
 * One value (finite, within float32 range: checked by the caller) as float32 text: 9 significant digits
 * as an integer mantissa and a decimal exponent, trailing zeros dropped (`0.25` → `25e-2`).
 */
export function float32Text(value: number): string {
  const f = Math.fround(value);
  if (f === 0) return Object.is(f, -0) ? '-0' : '0';
  const a = f < 0 ? -f : f;
  let exponent = Math.floor(Math.log10(a));
  let mantissa = Math.round(a * (POWERS[48 - exponent] as number));
  // log10 can be off by one ulp at powers of ten; rounding can carry into a 10th digit.
  if (mantissa >= 1e9) {
    exponent++;
    mantissa = Math.round(a * (POWERS[48 - exponent] as number));
  } else if (mantissa < 1e8) {
    exponent--;
    mantissa = Math.round(a * (POWERS[48 - exponent] as number));
  }
  exponent -= 8;
  while (mantissa % 10 === 0) {
    mantissa /= 10;
    exponent++;
  }
  const sign = f < 0 ? '-' : '';
  return exponent === 0 ? `${sign}${mantissa}` : `${sign}${mantissa}e${exponent}`;
}

/**
 * `[v0,v1,...]` for pgvector's `vector` input: every value as {@link float32Text}. The values must be
 * finite and within float32 range (`assertEmbedding` checks both before any statement runs). Built
 * with `join` (one flat string): appending 384 pieces with `+=` leaves a rope whose later flattening
 * and garbage cost more than the formatting itself.
 */
export function float32VectorText(values: readonly number[]): string {
  const parts = new Array<string>(values.length);
  for (let i = 0; i < values.length; i++) parts[i] = float32Text(values[i] as number);
  return `[${parts.join(',')}]`;
}

/** Vector texts of a batch, each formatted once (the near-duplicate check and the insert share them). */
export interface VectorTexts {
  of(p: PreparedMemory): string;
}

/** A per-call cache of {@link float32VectorText} of each prepared memory's embedding. */
export function createVectorTexts(): VectorTexts {
  const cache = new Map<PreparedMemory, string>();
  return {
    of(p) {
      let text = cache.get(p);
      if (text === undefined) {
        text = float32VectorText(p.embedding ?? []);
        cache.set(p, text);
      }
      return text;
    },
  };
}
