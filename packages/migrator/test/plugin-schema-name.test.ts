import { describe, expect, it } from 'vitest';
import { pluginSchemaName } from '../src/index.js';

describe('pluginSchemaName', () => {
  it('maps the core plugins to public', () => {
    expect(pluginSchemaName('@elizaos/plugin-sql')).toBe('public');
    expect(pluginSchemaName('@eliza-sql/plugin-sql')).toBe('public');
  });

  it('keeps simple names and makes scoped names readable with a hash suffix', () => {
    expect(pluginSchemaName('knowledge')).toBe('knowledge');
    expect(pluginSchemaName('@your-org/plugin-name')).toMatch(/^your_org_plugin_name_[0-9a-f]{8}$/);
  });

  it('never maps distinct names to the same schema', () => {
    const names = [
      '@your-org/plugin-name',
      '@other-org/plugin-name',
      '@a-b/c',
      '@a/b-c',
      'a_b_c',
      'A_B_C',
      'x'.repeat(80),
      `${'x'.repeat(80)}y`,
    ];
    const mapped = names.map(pluginSchemaName);
    expect(new Set(mapped).size).toBe(names.length);
    for (const m of mapped) expect(Buffer.byteLength(m)).toBeLessThanOrEqual(63);
  });
});
