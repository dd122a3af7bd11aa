// Small record builders for the log tests: what callers hand the writer (NewRecord).
import type { NewRecord } from '../../src/domain/record.js';

export const S1 = '11111111-1111-4111-8111-111111111111';
export const S2 = '22222222-2222-4222-8222-222222222222';

export const localDate = (y: number, m: number, d: number, h = 9) => new Date(y, m - 1, d, h, 0, 0);

export const start = (session = S1): NewRecord => ({
  type: 'session-start',
  payload: { checklist: 'mynapoint-support', checklistVersion: '1.0.0', checklistSha256: 'a'.repeat(64) },
  operator: 'op-001',
  session,
});
export const step = (item: string, session = S1): NewRecord => ({
  type: 'step',
  payload: { action: 'confirm', section: 'identity', item, required: true },
  operator: 'op-001',
  session,
});
export const logout = (session = S1): NewRecord => ({
  type: 'logout',
  payload: { outcome: 'completed', gate: ['portal-logout'] },
  operator: 'op-001',
  session,
});
