// The words of the installed checklists, by id: how the review timeline and the monthly report
// name sections, items and reasons (the ids where a checklist or id is not installed). A session is
// named in its own checklist version's words when that version is known and kept (the current file
// or one in the folder's `history/`); otherwise by the newest version that has the id, so a step a
// later version dropped is still named as its operator saw it.
import type { Checklist, LoadedChecklist, Locale } from './schema.js';

/**
 * Texts of the installed checklists, by id; undefined where a checklist or id is unknown. `version`
 * (a session start's `checklistVersion`), when given, chooses that version's words first.
 */
export interface ChecklistLabels {
  title(checklist: string, version?: string | null): string | undefined;
  section(checklist: string, section: string, version?: string | null): string | undefined;
  item(checklist: string, item: string, version?: string | null): string | undefined;
  reason(checklist: string, reason: string, version?: string | null): string | undefined;
}

export const NO_LABELS: ChecklistLabels = {
  title: () => undefined,
  section: () => undefined,
  item: () => undefined,
  reason: () => undefined,
};

interface Words {
  version: string;
  title: string;
  sections: Map<string, string>;
  items: Map<string, string>;
  reasons: Map<string, string>;
}

function wordsOf(c: Checklist, locale: Locale): Words {
  return {
    version: c.version,
    title: c.title[locale],
    sections: new Map(c.sections.map((s) => [s.id, s.title[locale]])),
    // Item ids are unique across a checklist's sections (the loader enforces it).
    items: new Map(c.sections.flatMap((s) => s.items.map((i) => [i.id, i.text[locale]] as const))),
    reasons: new Map(c.interruptReasons.map((r) => [r.id, r.text[locale]])),
  };
}

export function checklistLabels(list: readonly LoadedChecklist[], locale: Locale): ChecklistLabels {
  // Each checklist's versions, newest first: the installed file, then its history.
  const byId = new Map(
    list.map((l) => [l.checklist.id, [l, ...(l.history ?? [])].map((v) => wordsOf(v.checklist, locale))] as const),
  );
  const find = (checklist: string, version: string | null | undefined, pick: (w: Words) => string | undefined) => {
    const versions = byId.get(checklist) ?? [];
    const own = version === null || version === undefined ? undefined : versions.find((w) => w.version === version);
    return (own && pick(own)) ?? versions.map(pick).find((x) => x !== undefined);
  };
  return {
    title: (checklist, version) => find(checklist, version, (w) => w.title),
    section: (checklist, id, version) => find(checklist, version, (w) => w.sections.get(id)),
    item: (checklist, id, version) => find(checklist, version, (w) => w.items.get(id)),
    reason: (checklist, id, version) => find(checklist, version, (w) => w.reasons.get(id)),
  };
}
