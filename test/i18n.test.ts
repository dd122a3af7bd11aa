// The catalogs: placeholders, and English plurals written `{n|one|other}`.
import { describe, expect, it } from 'vitest';
import { t } from '../src/i18n/index.js';

describe('messages', () => {
  it('say "1 file, 1 terminal" and "2 files, 2 terminals" in English; Japanese has no plural', () => {
    expect(t('en', 'verify.ok', { files: 1, records: 1, terminals: 1 })).toBe('No problems (1 file, 1 record, 1 terminal)');
    expect(t('en', 'verify.ok', { files: 2, records: '1,000', terminals: 0 })).toBe('No problems (2 files, 1,000 records, 0 terminals)');
    expect(t('ja', 'verify.ok', { files: 1, records: 1, terminals: 1 })).not.toMatch(/\|/);
  });

  it('leave a plural whose param is missing as written (a bug shows, never a wrong word)', () => {
    expect(t('en', 'verify.ok', {})).toContain('{files|file|files}');
  });
});
