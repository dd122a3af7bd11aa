// `counter-checklist config [list | get KEY | set KEY VALUE]`. Pure text in, text out: the CLI prints
// `stdout`; bad usage and bad values are UserErrors (exit 2).
import type { Locale } from '../checklist/schema.js';
import { UserError } from '../errors.js';
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
      const values = rows.map(([, v]) => formatSettingValue(v));
      const valueWidth = Math.max(...values.map(displayWidth));
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

/** Terminal columns of a string: East Asian wide and full-width characters take two. */
function displayWidth(s: string): number {
  let w = 0;
  for (const ch of s) w += /[\u1100-\u115f\u2e80-\u303e\u3041-\u33ff\u3400-\u4dbf\u4e00-\u9fff\ua000-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]|[\u{20000}-\u{3fffd}]/u.test(ch) ? 2 : 1;
  return w;
}

const padDisplay = (s: string, width: number) => s + ' '.repeat(Math.max(0, width - displayWidth(s)));
