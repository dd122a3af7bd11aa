// The checklist screen: section, items with the current one highlighted, progress, elapsed time.
// Rows wrap (no item is cut); as many rows as the terminal's height allows are shown, the rest of a
// long section scrolls around the current item.
import { Box, Text } from 'ink';
import type { Item, Locale } from '../../checklist/schema.js';
import type { MessageKey } from '../../i18n/index.js';
import { sensingOf, type KioskModel, type SessionScreen } from '../../session/kiosk.js';
import { conditionHolds, currentItem, isShown, itemsOf, progress } from '../../session/session.js';
import { windowAround } from '../../tui/list-window.js';
import { useUi } from '../context.js';
import { hangingLines } from '../paragraph.js';
import { useLayout } from '../size.js';
import { duration, fit, width } from '../text.js';
import { wrapLines } from '../wrap.js';

export type Mark = 'done' | 'skipped' | 'yes' | 'no' | 'na' | 'pending';
/**
 * The marks before each item, explained by the legend under the items. Japanese screens use one
 * full-width character (済 done, 略 skipped, 外 not applicable, 〇 yes, 否 no): Latin letters read as
 * noise there, and only East-Asian-wide characters keep one width in every terminal.
 */
export const MARKS: Record<Locale, Record<Mark, string>> = {
  ja: { done: '[済]', skipped: '[略]', yes: '[〇]', no: '[否]', na: '[外]', pending: '[　]' },
  en: { done: '[x]', skipped: '[-]', yes: '[Y]', no: '[N]', na: '[/]', pending: '[ ]' },
};
/** Lines of the current item's guidance shown at most (the rest of the rows go to the items). */
const HELP_LINES = 6;
/** Rows above and below the items: checklist title, section line, the gap; a gap, the marks' legend. */
const HEAD_ROWS = 5;

/** The first item and how many, so that the rows of `heights` shown fit `budget` and include `at`. */
export function itemWindow(heights: readonly number[], at: number, budget: number): { first: number; count: number } {
  for (let count = heights.length; count > 1; count--) {
    // Up to two rows of context above the current one, fewer when the window is that small.
    const first = windowAround(at, heights.length, count, Math.min(2, count - 1));
    let used = 0;
    for (let i = first; i < first + count; i++) used += heights[i]!;
    if (used <= budget) return { first, count };
  }
  return { first: Math.max(0, at), count: Math.min(1, heights.length) };
}

/** The live reader line under a sensed item: whether it can be confirmed now (null: nothing sensed, or sensing off). */
function sensorLine(model: KioskModel, condition: Item['sensor']): { key: MessageKey; ok: boolean } | null {
  if (condition === undefined) return null;
  const sensing = sensingOf(model);
  if (sensing.mode === 'manual') return null;
  if (sensing.mode === 'unsensed') return { key: 'kiosk.sensor.unsensed', ok: false };
  const ok = conditionHolds(condition, sensing.card);
  return { key: `kiosk.sensor.${ok ? 'ok' : 'wait'}.${condition}`, ok };
}

export function SessionBody({ model, screen }: { model: KioskModel; screen: SessionScreen }) {
  const { t, l, color, locale } = useUi();
  const { inner, body } = useLayout();
  const s = screen.session;
  const all = itemsOf(s);
  const here = currentItem(s) ?? all[all.length - 1]!;
  const sections = s.checklist.sections;
  const sectionIndex = sections.indexOf(here.section);
  const items = here.section.items.filter((item) => isShown(s, item));
  const at = items.indexOf(here.item);
  const mark = MARKS[locale];
  const rows = items.map((item) => {
    const status = s.answers[item.id] ?? 'pending';
    const current = item === here.item && s.phase === 'items';
    const req = item.required ? ` (${t('kiosk.session.required')})` : '';
    const ask = item.kind === 'yesno' ? ` ${t('kiosk.session.yesno')}` : '';
    return { item, current, lines: hangingLines(`${current ? '>' : ' '}${mark[status]} `, `${l(item.text)}${ask}${req}`, inner, locale) };
  });
  const help = here.item.help && s.phase === 'items' ? wrapLines(l(here.item.help), inner, locale) : [];
  const helpShown = help.slice(0, HELP_LINES);
  const sensor = s.phase === 'items' ? sensorLine(model, here.item.sensor) : null;
  const budget = Math.max(1, body - HEAD_ROWS - (helpShown.length > 0 ? helpShown.length + 1 : 0) - (sensor ? 1 : 0));
  const { first, count } = itemWindow(rows.map((r) => r.lines.length), at, budget);
  const head = `${t('kiosk.session.section', { n: sectionIndex + 1, m: sections.length, title: l(here.section.title) })}`;
  const meta = `${t('kiosk.session.progress', progress(s))}  ${t('kiosk.session.elapsed', { time: duration(model.now - s.startedAt) })}`;
  return (
    <Box flexDirection="column">
      <Text>{fit(l(s.checklist.title), inner)}</Text>
      <Box justifyContent="space-between">
        <Text bold color={color ? 'cyan' : undefined}>
          {fit(head, inner - width(meta) - 2)}
        </Text>
        <Text>{meta}</Text>
      </Box>
      <Box flexDirection="column" marginTop={1}>
        {rows.slice(first, first + count).map((r) => (
          <Text key={r.item.id} inverse={r.current} bold={r.current}>
            {r.lines.join('\n')}
          </Text>
        ))}
      </Box>
      {sensor ? (
        <Text bold color={color ? (sensor.ok ? 'green' : 'red') : undefined}>
          {fit(t(sensor.key), inner)}
        </Text>
      ) : null}
      <Box marginTop={1}>
        <Text dimColor>{fit(t('kiosk.session.legend', mark), inner)}</Text>
      </Box>
      {helpShown.length > 0 ? (
        <Box marginTop={1}>
          <Text dimColor>{helpShown.join('\n')}</Text>
        </Box>
      ) : null}
    </Box>
  );
}
