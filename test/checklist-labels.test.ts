// How the review timeline and the monthly report name a session's steps: by its own checklist
// version's words when that version is kept, else by the newest version that has the id.
import { describe, expect, it } from 'vitest';
import { checklistLabels } from '../src/checklist/labels.js';
import { Checklist, type LoadedChecklist } from '../src/checklist/schema.js';

const tx = (s: string) => ({ ja: `${s}（ja）`, en: s });
const version = (v: string, items: [string, string][], reasons: [string, string][] = [['other', 'Other']]) =>
  Checklist.parse({
    id: 'flow',
    version: v,
    title: tx(`Flow ${v}`),
    sections: [
      {
        id: 'start',
        title: tx(`Start ${v}`),
        items: items.map(([id, text], i) => ({ id, text: tx(text), required: true, ...(i === 0 ? { role: 'initial-screen' } : {}) })),
      },
    ],
    logoutGate: { title: tx('Gate'), items: [{ id: 'logged-out', text: tx('Logged out') }] },
    interruptReasons: reasons.map(([id, text]) => ({ id, text: tx(text) })),
  });
const loaded = (checklist: Checklist, history: Checklist[] = []): LoadedChecklist => ({
  checklist,
  file: `${checklist.version}.json`,
  sha256: '0'.repeat(64),
  history: history.map((h) => ({ checklist: h, file: `${h.version}.json`, sha256: '0'.repeat(64) })),
});

describe('checklistLabels across versions', () => {
  const v1 = version('1.0.0', [['initial', 'Initial v1'], ['dropped', 'Dropped step'], ['kept', 'Kept v1']], [['left', 'Left v1'], ['gone', 'Gone reason']]);
  const v2 = version('2.0.0', [['initial', 'Initial v2'], ['kept', 'Kept v2'], ['added', 'Added step']], [['left', 'Left v2']]);
  const labels = checklistLabels([loaded(v2, [v1])], 'en');

  it("a session's own version names its steps, when it is kept", () => {
    expect(labels.item('flow', 'kept', '1.0.0')).toBe('Kept v1');
    expect(labels.section('flow', 'start', '1.0.0')).toBe('Start 1.0.0');
    expect(labels.reason('flow', 'left', '1.0.0')).toBe('Left v1');
    expect(labels.title('flow', '1.0.0')).toBe('Flow 1.0.0');
    expect(labels.item('flow', 'kept', '2.0.0')).toBe('Kept v2');
  });

  it('without a version (or an unknown one): the newest version that has the id', () => {
    expect(labels.item('flow', 'kept')).toBe('Kept v2');
    expect(labels.item('flow', 'dropped')).toBe('Dropped step');
    expect(labels.reason('flow', 'gone', null)).toBe('Gone reason');
    expect(labels.item('flow', 'dropped', '1.5.0')).toBe('Dropped step');
    expect(labels.title('flow')).toBe('Flow 2.0.0');
    expect(labels.item('flow', 'nowhere')).toBeUndefined();
    expect(labels.item('other-flow', 'kept')).toBeUndefined();
  });
});
