// `counter-checklist config [list | get KEY | set KEY VALUE]`. Pure text in, text out: the CLI prints
// `stdout`; bad usage and bad values are UserErrors (exit 2).
import type { Locale } from '../i18n/locale.js';
import { UserError } from '../errors.js';
import stringWidth from 'string-width';
import { translator } from '../i18n/index.js';
import { formatSettingValue, SETTING_KEYS } from './schema.js';
import { effectiveLogDir, getSetting, listSettings, loadSettings, setSetting, settingsFile } from './store.js';

export function runConfigCommand(args: readonly string[], locale: Locale): { stdout: string } {
  const tr = translator(locale);
  if (args.includes('--help') || args.includes('-h')) {
    return { stdout: tr('config.usage', { keys: SETTING_KEYS.join(', ') }) + '\n' };
  }
  const [sub = 'list', ...rest] = args;
  const usage = () => new UserError('config.error.usage', { args: ['config', ...args].join(' ') });

  switch (sub) {
    case 'list': {
      if (rest.length > 0) throw usage();
      const rows = listSettings();
      const keyWidth = Math.max(...rows.map(([k]) => k.length));
      // An empty text (organization) is shown as "", so the column never looks like a missing value.
      const values = rows.map(([, v]) => formatSettingValue(v) || '""');
      const valueWidth = Math.max(...values.map((v) => stringWidth(v)));
      const lines = rows.map(([k, , isDefault], i) => {
        const value = values[i] ?? '';
        const line = `${k.padEnd(keyWidth)}  ${isDefault ? padDisplay(value, valueWidth) + '  ' + tr('config.list.default') : value}`;
        return line.trimEnd();
      });
      lines.push('', tr('config.list.file', { file: settingsFile() }), tr('config.list.logDir', { dir: effectiveLogDir(loadSettings()) }));
      return { stdout: lines.join('\n') + '\n' };
    }
    case 'get': {
      const [key, ...extra] = rest;
      if (key === undefined || extra.length > 0) throw usage();
      return { stdout: formatSettingValue(getSetting(key)) + '\n' };
    }
    case 'set': {
      const [key, value, ...extra] = rest;
      if (key === undefined || value === undefined || extra.length > 0) throw usage();
      const settings = setSetting(key, value);
      const k = key as keyof typeof settings; // setSetting has checked the key
      return { stdout: tr('config.set.done', { key, value: formatSettingValue(settings[k]) }) + '\n' };
    }
    default:
      throw usage();
  }
}

const padDisplay = (s: string, width: number) => s + ' '.repeat(Math.max(0, width - stringWidth(s)));
