// Shared test fixtures: a small checklist, the shipped one, and a deterministic kiosk config.
import { Checklist } from '../../src/checklist/schema.js';
import { loadChecklistFile, shippedChecklistDir } from '../../src/checklist/load.js';
import type { KioskConfig } from '../../src/session/kiosk.js';
import path from 'node:path';

const text = (s: string) => ({ ja: `${s}（日本語）`, en: s });

/** Three items over two sections, one optional; an interrupt reason with and one without a note. */
export const smallChecklist = Checklist.parse({
  id: 'small',
  version: '1.0.0',
  title: text('Small'),
  sections: [
    {
      id: 'start',
      title: text('Start'),
      items: [
        { id: 'initial', text: text('Initial screen'), required: true, role: 'initial-screen' },
        { id: 'optional', text: text('Optional'), required: false },
      ],
    },
    { id: 'end', title: text('End'), items: [{ id: 'last', text: text('Last'), required: true }] },
  ],
  logoutGate: { title: text('Gate'), items: [{ id: 'logged-out', text: text('Logged out') }] },
  interruptReasons: [
    { id: 'left', text: text('Citizen left') },
    { id: 'other', text: text('Other'), note: true },
  ],
});

export const SMALL_SHA = 'a'.repeat(64);

export const shipped = () => loadChecklistFile(path.join(shippedChecklistDir(), 'mynapoint-support.json'));

export function kioskConfig(overrides: Partial<KioskConfig> = {}): KioskConfig {
  return {
    terminal: 'T-01',
    checklist: smallChecklist,
    checklistSha256: SMALL_SHA,
    operatorPattern: '^[A-Za-z0-9-]{2,16}$',
    idleLimitMs: 5 * 60_000,
    summaryMs: 10_000,
    kioskLock: false,
    ...overrides,
  };
}

/** The supervisor PIN in tests. */
export const TEST_PIN = '2468';
export const checkTestPin = (pin: string) => pin === TEST_PIN;

/** Deterministic v4-shaped ids for tests. */
export function idGenerator() {
  let n = 0;
  return () => {
    n += 1;
    return `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;
  };
}
