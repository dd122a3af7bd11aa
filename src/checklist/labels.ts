// The words of the installed checklists, by id: how the review timeline and the monthly report
// name sections, items and reasons (the ids where a checklist or id is not installed).
import type { LoadedChecklist, Locale } from './schema.js';

/** Texts of the installed checklists, by id; undefined where a checklist or id is unknown. */
export interface ChecklistLabels {
  title(checklist: string): string | undefined;
  section(checklist: string, section: string): string | undefined;
  item(checklist: string, item: string): string | undefined;
  reason(checklist: string, reason: string): string | undefined;
}

export const NO_LABELS: ChecklistLabels = {
  title: () => undefined,
  section: () => undefined,
  item: () => undefined,
  reason: () => undefined,
};

export function checklistLabels(list: readonly LoadedChecklist[], locale: Locale): ChecklistLabels {
  const byId = new Map(
    list.map(({ checklist: c }) => {
      const sections = new Map(c.sections.map((s) => [s.id, s.title[locale]]));
      // Item ids are unique across a checklist's sections (the loader enforces it).
      const items = new Map(c.sections.flatMap((s) => s.items.map((i) => [i.id, i.text[locale]] as const)));
      const reasons = new Map(c.interruptReasons.map((r) => [r.id, r.text[locale]]));
      return [c.id, { title: c.title[locale], sections, items, reasons }] as const;
    }),
  );
  return {
    title: (checklist) => byId.get(checklist)?.title,
    section: (checklist, id) => byId.get(checklist)?.sections.get(id),
    item: (checklist, id) => byId.get(checklist)?.items.get(id),
    reason: (checklist, id) => byId.get(checklist)?.reasons.get(id),
  };
}
