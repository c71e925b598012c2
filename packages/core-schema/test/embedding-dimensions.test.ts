import * as core from '@elizaos/core';
import { getTableColumns } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import {
  assertEmbeddingDimension,
  DIMENSION_MAP,
  EMBEDDING_DIMENSIONS,
  embeddingCosineDistance,
  embeddingTable,
  InvalidEmbeddingError,
  isEmbeddingDimension,
  toVectorLiteral,
  VECTOR_DIMS,
} from '../src/index.js';

// @elizaos/core's type declarations do not resolve under NodeNext (its `node` entry re-exports a file
// that is not shipped), so the runtime value is read through a declared shape.
const CORE_VECTOR_DIMS = (core as unknown as { VECTOR_DIMS: Record<string, number> }).VECTOR_DIMS;

describe('embedding dimensions', () => {
  it('VECTOR_DIMS equals @elizaos/core VECTOR_DIMS', () => {
    expect(VECTOR_DIMS).toEqual({ ...CORE_VECTOR_DIMS });
  });

  it('DIMENSION_MAP names the embeddingTable column of each size', () => {
    const columns = getTableColumns(embeddingTable);
    for (const dimension of EMBEDDING_DIMENSIONS) {
      const column = columns[DIMENSION_MAP[dimension]];
      expect(column.name).toBe(`dim_${dimension}`);
      expect(column.getSQLType()).toBe(`vector(${dimension})`);
    }
    expect(EMBEDDING_DIMENSIONS).toEqual([384, 512, 768, 1024, 1536, 3072]);
  });

  it('isEmbeddingDimension accepts exactly the supported sizes', () => {
    for (const dimension of EMBEDDING_DIMENSIONS) expect(isEmbeddingDimension(dimension)).toBe(true);
    for (const value of [0, 383, 385, 2000, 4096, '384', null, undefined, Number.NaN]) {
      expect(isEmbeddingDimension(value)).toBe(false);
    }
  });
});

describe('embeddingCosineDistance input checks', () => {
  it('rejects an unsupported dimension with a typed error naming it', () => {
    const error = (() => {
      try {
        assertEmbeddingDimension(385);
      } catch (caught) {
        return caught;
      }
    })();
    expect(error).toBeInstanceOf(InvalidEmbeddingError);
    expect(error).toMatchObject({ code: 'UNSUPPORTED_EMBEDDING_DIMENSION' });
    expect((error as Error).message).toMatch(/385.*384, 512, 768, 1024, 1536, 3072/);
    expect(() => embeddingCosineDistance(100 as never, [])).toThrow(InvalidEmbeddingError);
  });

  it('rejects a vector of the wrong size', () => {
    expect(() => embeddingCosineDistance(384, [1, 2, 3])).toThrow(/3 values: expected exactly 384/);
  });

  it('rejects non-finite values, naming the index', () => {
    const vector = new Array<number>(384).fill(0.1);
    vector[7] = Number.NaN;
    expect(() => toVectorLiteral(384, vector)).toThrow(
      expect.objectContaining({
        code: 'INVALID_EMBEDDING_VECTOR',
        message: expect.stringMatching(/index 7 is NaN/),
      }),
    );
  });

  it('writes the pgvector literal', () => {
    expect(toVectorLiteral(384, new Array<number>(384).fill(0.25))).toBe(
      `[${new Array(384).fill('0.25').join(',')}]`,
    );
  });
});
