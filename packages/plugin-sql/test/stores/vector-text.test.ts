import { describe, expect, it } from 'vitest';
import { float32Text, float32VectorText } from '../../src/stores/vector-text.js';

/** Every finite float32 reachable from `count` random bit patterns (plus the edges). */
function float32Samples(count: number): Float32Array {
  const bits = new Uint32Array(count);
  let s = 12345;
  for (let i = 0; i < count; i++) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    bits[i] = s;
  }
  const edges = [0x00000001, 0x007fffff, 0x00800000, 0x7f7fffff, 0x3f800000, 0x3f800001, 0x80000000];
  bits.set(edges, 0);
  return new Float32Array(bits.buffer);
}

// Pure formatting checks; the stored round trip on both backends is in test/adapter/bulk-insert.test.ts.
describe('float32 vector text', () => {
  it('identifies every float32 exactly in at most 15 characters', () => {
    const samples = float32Samples(500_000);
    let checked = 0;
    for (const f of samples) {
      if (!Number.isFinite(f)) continue;
      const text = float32Text(f);
      expect(text.length).toBeLessThanOrEqual(15);
      if (!Object.is(Math.fround(Number(text)), f)) expect.fail(`${f} written as ${text}`);
      checked++;
    }
    expect(checked).toBeGreaterThan(490_000);
  });

  it('rounds doubles as Math.fround does (ties to even) and keeps the sign of zero', () => {
    for (const x of [0.1, 1 / 3, 1 + 2 ** -24, 1 + 3 * 2 ** -24, 16777217, 1e-46, -1e-46, 3.4028235e38]) {
      expect(
        Object.is(Number(float32Text(x)), Math.fround(x)) ||
          Math.fround(Number(float32Text(x))) === Math.fround(x),
      ).toBe(true);
    }
    expect(float32Text(-0)).toBe('-0');
    expect(float32Text(0)).toBe('0');
    expect(float32Text(0.25)).toBe('25e-2');
    expect(float32Text(-1)).toBe('-1');
    expect(float32Text(1000)).toBe('1e3');
    expect(float32VectorText([1, -0.5, 0])).toBe('[1,-5e-1,0]');
    expect(float32VectorText([])).toBe('[]');
  });
});
