// `counter-checklist readers [--format table|json]`: the PC/SC readers seen now, a card in each or
// not, and which one the `cardReader` setting makes the kiosk watch. Informational: exit 0 always,
// also when PC/SC is not available (that is said, and `unavailable` in JSON).
import { UserError } from '../errors.js';
import { translator, type Locale } from '../i18n/index.js';
import type { CardReaderSetting } from '../domain/reader.js';
import { listReaders, type ReaderList, type SeenReader } from './pcsc.js';

const LIST_TIMEOUT_MS = 3000;

/** The reader the kiosk would watch now, or null. */
export function readerInUse(setting: CardReaderSetting, readers: readonly SeenReader[]): string | null {
  if (setting === 'off') return null;
  if (setting === 'auto') return readers[0]?.name ?? null;
  return readers.some((r) => r.name === setting) ? setting : null;
}

export async function runReadersCommand(
  options: { format?: string },
  setting: CardReaderSetting,
  locale: Locale,
  list: () => Promise<ReaderList> = () => listReaders(LIST_TIMEOUT_MS),
): Promise<string> {
  const format = options.format ?? 'table';
  if (format !== 'table' && format !== 'json') throw new UserError('readers.usage');
  const result = await list();
  const readers = 'readers' in result ? result.readers : [];
  const uses = readerInUse(setting, readers);
  if (format === 'json') {
    return JSON.stringify({ setting, readers, uses, ...('unavailable' in result ? { unavailable: result.unavailable } : {}) }, null, 2) + '\n';
  }
  const tr = translator(locale);
  const lines: string[] = [];
  if ('unavailable' in result) lines.push(tr(`readers.unavailable.${result.unavailable}`));
  else {
    lines.push(tr('readers.title'));
    if (readers.length === 0) lines.push(tr('readers.none'));
    for (const r of readers) lines.push(`  ${r.name}  ${tr(r.card ? 'readers.card' : 'readers.empty')}`);
  }
  if (setting === 'off') lines.push(tr('readers.uses.off'));
  else if (setting === 'auto') lines.push(uses === null ? tr('readers.uses.autoNone') : tr('readers.uses.auto', { reader: uses }));
  else lines.push(tr(uses === null ? 'readers.uses.namedMissing' : 'readers.uses.named', { reader: setting }));
  return lines.join('\n') + '\n';
}
