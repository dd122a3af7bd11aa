// The checklist screen: section, items with the current one highlighted, progress, elapsed time.
import { Box, Text } from 'ink';
import type { KioskModel, SessionScreen } from '../../session/kiosk.js';
import { currentItem, isShown, itemsOf, progress } from '../../session/session.js';
import { windowAround } from '../../tui/list-window.js';
import { useUi } from '../context.js';
import { INNER } from '../frame.js';
import { Paragraph } from '../paragraph.js';
import { duration, fit } from '../text.js';

const MARK = { done: '[x]', skipped: '[-]', yes: '[Y]', no: '[N]', na: '[/]', pending: '[ ]' } as const;
/** Item rows shown at once; the rest of a long section scrolls around the current item. */
const VISIBLE_ITEMS = 8;

export function SessionBody({ model, screen }: { model: KioskModel; screen: SessionScreen }) {
  const { t, l, color } = useUi();
  const s = screen.session;
  const all = itemsOf(s);
  const here = currentItem(s) ?? all[all.length - 1]!;
  const sections = s.checklist.sections;
  const sectionIndex = sections.indexOf(here.section);
  const items = here.section.items.filter((item) => isShown(s, item));
  const at = items.indexOf(here.item);
  const first = windowAround(at, items.length, VISIBLE_ITEMS);
  const shown = items.slice(first, first + VISIBLE_ITEMS);
  const head = `${t('kiosk.session.section', { n: sectionIndex + 1, m: sections.length, title: l(here.section.title) })}`;
  const meta = `${t('kiosk.session.progress', progress(s))}  ${t('kiosk.session.elapsed', { time: duration(model.now - s.startedAt) })}`;
  return (
    <Box flexDirection="column">
      <Text>{fit(l(s.checklist.title), INNER)}</Text>
      <Box justifyContent="space-between">
        <Text bold color={color ? 'cyan' : undefined}>
          {fit(head, INNER - 30)}
        </Text>
        <Text>{meta}</Text>
      </Box>
      <Box flexDirection="column" marginTop={1}>
        {shown.map((item) => {
          const status = s.answers[item.id] ?? 'pending';
          const current = item === here.item && s.phase === 'items';
          const req = item.required ? ` (${t('kiosk.session.required')})` : '';
          const ask = item.kind === 'yesno' ? ` ${t('kiosk.session.yesno')}` : '';
          return (
            <Text key={item.id} inverse={current} bold={current}>
              {fit(`${current ? '>' : ' '}${MARK[status]} ${l(item.text)}${ask}${req}`, INNER)}
            </Text>
          );
        })}
      </Box>
      {here.item.help && s.phase === 'items' ? (
        <Box marginTop={1} height={4} overflow="hidden" width={INNER}>
          <Paragraph dimColor text={l(here.item.help)} />
        </Box>
      ) : null}
    </Box>
  );
}
