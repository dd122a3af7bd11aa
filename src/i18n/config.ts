import { defineMessages } from './define.js';

// What each setting accepts: shared by "bad value" (config set) and "bad file" (hand-edited) messages.
const expectJa = {
  terminalId: '英数字で始まり、英数字・「_」・「-」だけの32文字以内で指定してください（個人番号と同じ形の12桁の数字は使えません）。',
  locale: 'ja または en を指定してください。',
  idleLimitMinutes: '1 から 120 までの整数（分）を指定してください。',
  defaultChecklist: 'チェックリストのID（英小文字・数字・「-」、64文字以内）を指定してください。',
  enabledChecklists:
    'チェックリストのIDをカンマ区切りで指定してください（重複なし、20個まで。例: mynapoint-support,kokin-koza-support）。null で defaultChecklist だけに戻ります。',
  checklistDir: '自治体のチェックリストを置くフォルダの絶対パス、または null（同梱のチェックリストだけを使う）を指定してください。',
  logDir: '絶対パス、または既定のフォルダを使う null を指定してください。',
  operatorPattern: '正しい正規表現（200文字以内）を指定してください。',
  kioskLock: 'true または false を指定してください。',
  organization: '100文字以内の文字列（例: 〇〇区役所 区民課）を指定してください。',
  cardReader: 'off（使わない）、auto（最初に見つかったカードリーダー）、またはカードリーダーの名前（200文字以内。counter-checklist readers で確かめられます）を指定してください。',
};
const expectEn = {
  terminalId: 'Use at most 32 letters, digits, "_" and "-", starting with a letter or digit (never 12 digits shaped like a My Number).',
  locale: 'Use ja or en.',
  idleLimitMinutes: 'Use a whole number of minutes from 1 to 120.',
  defaultChecklist: 'Use a checklist id: lowercase letters, digits and "-", at most 64 characters.',
  enabledChecklists:
    'Use checklist ids separated by commas, each once, at most 20 (e.g. mynapoint-support,kokin-koza-support); null means just defaultChecklist.',
  checklistDir: "Use the absolute path of the city's own checklist folder, or null for the shipped checklists only.",
  logDir: 'Use an absolute path, or null for the default folder.',
  operatorPattern: 'Use a valid regular expression (at most 200 characters).',
  kioskLock: 'Use true or false.',
  organization: 'Use text of at most 100 characters (e.g. Minato Ward Office, Residents Division).',
  cardReader: 'Use off, auto (the first card reader found) or a card reader\'s name (at most 200 characters; counter-checklist readers shows them).',
};
const badValueJa = '{key} に「{value}」は設定できません。';
const badValueEn = '{key} cannot be set to "{value}". ';
const badFileJa = '設定ファイル {file} の {field} が正しくありません。';
const badFileEn = 'Config file {file}: {field} is invalid. ';
const fixJa = ' ファイルを直すか、counter-checklist config set {field} 値 で設定し直してください。';
const fixEn = ' Fix the file, or run: counter-checklist config set {field} VALUE';

export const configMessages = defineMessages(
  {
    'config.usage':
      '使い方: counter-checklist config [list | get 項目 | set 項目 値]\n' +
      '  list            設定の一覧（既定の操作）\n' +
      '  get 項目        設定値を表示\n' +
      '  set 項目 値     設定値を変更（logDir・checklistDir・enabledChecklists は null で既定に戻ります）\n' +
      '項目: {keys}',
    'config.error.usage': 'config の使い方が正しくありません: {args}\n使い方: counter-checklist config [list | get 項目 | set 項目 値]',
    'config.error.unknownKey': '「{key}」という設定項目はありません。使える項目: {keys}',
    'config.error.badValue.terminalId': badValueJa + expectJa.terminalId,
    'config.error.badValue.locale': badValueJa + expectJa.locale,
    'config.error.badValue.idleLimitMinutes': badValueJa + expectJa.idleLimitMinutes,
    'config.error.badValue.defaultChecklist': badValueJa + expectJa.defaultChecklist,
    'config.error.badValue.enabledChecklists': badValueJa + expectJa.enabledChecklists,
    'config.error.badValue.checklistDir': badValueJa + expectJa.checklistDir,
    'config.error.badValue.logDir': badValueJa + expectJa.logDir,
    'config.error.badValue.operatorPattern': badValueJa + expectJa.operatorPattern,
    'config.error.badValue.kioskLock': badValueJa + expectJa.kioskLock,
    'config.error.badValue.organization': badValueJa + expectJa.organization,
    'config.error.badValue.cardReader': badValueJa + expectJa.cardReader,
    'config.error.file.terminalId': badFileJa + expectJa.terminalId + fixJa,
    'config.error.file.locale': badFileJa + expectJa.locale + fixJa,
    'config.error.file.idleLimitMinutes': badFileJa + expectJa.idleLimitMinutes + fixJa,
    'config.error.file.defaultChecklist': badFileJa + expectJa.defaultChecklist + fixJa,
    'config.error.file.enabledChecklists': badFileJa + expectJa.enabledChecklists + fixJa,
    'config.error.file.checklistDir': badFileJa + expectJa.checklistDir + fixJa,
    'config.error.file.logDir': badFileJa + expectJa.logDir + fixJa,
    'config.error.file.operatorPattern': badFileJa + expectJa.operatorPattern + fixJa,
    'config.error.file.kioskLock': badFileJa + expectJa.kioskLock + fixJa,
    'config.error.file.organization': badFileJa + expectJa.organization + fixJa,
    'config.error.file.cardReader': badFileJa + expectJa.cardReader + fixJa,
    'config.error.file.unknownField':
      '設定ファイル {file} の「{field}」は不明な設定項目です（使える項目: {keys}）。ファイルを直してください。',
    'config.error.fileNotJson': '設定ファイル {file} を JSON として読めません（{detail}）。ファイルを直してください。',
    'config.error.fileNotObject': '設定ファイル {file} は JSON のオブジェクト（{ … }）ではありません。ファイルを直してください。',
    'config.error.fileUnreadable': '設定ファイル {file} を読めません（{detail}）。',
    'config.error.fileUnwritable': '設定ファイル {file} に書き込めません（{detail}）。',
    'config.error.notFolder': '設定ファイル {file} を使えません: {path} はフォルダではありません。',
    'config.error.readOnly': '設定ファイル {file} を保存できません: {path} は読み取り専用のファイルシステムにあります。',
    'config.error.noWritePermission': '設定ファイル {file} を保存できません: {path} に書き込む権限がありません。',
    'config.error.noReadPermission': '設定ファイル {file} を読めません: {path} を読む権限がありません。',
    'config.error.noSpace': '設定ファイル {file} を保存できません: {path} のディスクに空きがありません。',
    'config.list.default': '（既定値）',
    'config.list.file': '設定ファイル: {file}',
    'config.list.logDir': 'ログの保存先: {dir}',
    'config.set.done': '{key} を {value} に設定しました。',
  },
  {
    'config.usage':
      'Usage: counter-checklist config [list | get KEY | set KEY VALUE]\n' +
      '  list            show all settings (the default)\n' +
      '  get KEY         print one value\n' +
      '  set KEY VALUE   change a value (null puts logDir, checklistDir or enabledChecklists back to the default)\n' +
      'Keys: {keys}',
    'config.error.usage': 'Bad use of config: {args}\nUsage: counter-checklist config [list | get KEY | set KEY VALUE]',
    'config.error.unknownKey': 'There is no setting "{key}". Settings: {keys}',
    'config.error.badValue.terminalId': badValueEn + expectEn.terminalId,
    'config.error.badValue.locale': badValueEn + expectEn.locale,
    'config.error.badValue.idleLimitMinutes': badValueEn + expectEn.idleLimitMinutes,
    'config.error.badValue.defaultChecklist': badValueEn + expectEn.defaultChecklist,
    'config.error.badValue.enabledChecklists': badValueEn + expectEn.enabledChecklists,
    'config.error.badValue.checklistDir': badValueEn + expectEn.checklistDir,
    'config.error.badValue.logDir': badValueEn + expectEn.logDir,
    'config.error.badValue.operatorPattern': badValueEn + expectEn.operatorPattern,
    'config.error.badValue.kioskLock': badValueEn + expectEn.kioskLock,
    'config.error.badValue.organization': badValueEn + expectEn.organization,
    'config.error.badValue.cardReader': badValueEn + expectEn.cardReader,
    'config.error.file.terminalId': badFileEn + expectEn.terminalId + fixEn,
    'config.error.file.locale': badFileEn + expectEn.locale + fixEn,
    'config.error.file.idleLimitMinutes': badFileEn + expectEn.idleLimitMinutes + fixEn,
    'config.error.file.defaultChecklist': badFileEn + expectEn.defaultChecklist + fixEn,
    'config.error.file.enabledChecklists': badFileEn + expectEn.enabledChecklists + fixEn,
    'config.error.file.checklistDir': badFileEn + expectEn.checklistDir + fixEn,
    'config.error.file.logDir': badFileEn + expectEn.logDir + fixEn,
    'config.error.file.operatorPattern': badFileEn + expectEn.operatorPattern + fixEn,
    'config.error.file.kioskLock': badFileEn + expectEn.kioskLock + fixEn,
    'config.error.file.organization': badFileEn + expectEn.organization + fixEn,
    'config.error.file.cardReader': badFileEn + expectEn.cardReader + fixEn,
    'config.error.file.unknownField': 'Config file {file}: "{field}" is not a setting (settings: {keys}). Fix the file.',
    'config.error.fileNotJson': 'Config file {file} is not valid JSON ({detail}). Fix the file.',
    'config.error.fileNotObject': 'Config file {file} is not a JSON object ({ … }). Fix the file.',
    'config.error.fileUnreadable': 'Cannot read config file {file} ({detail}).',
    'config.error.fileUnwritable': 'Cannot write config file {file} ({detail}).',
    'config.error.notFolder': 'Cannot use config file {file}: {path} is not a folder.',
    'config.error.readOnly': 'Cannot write config file {file}: {path} is on a read-only file system.',
    'config.error.noWritePermission': 'Cannot write config file {file}: no permission to write in {path}.',
    'config.error.noReadPermission': 'Cannot read config file {file}: no permission to read {path}.',
    'config.error.noSpace': 'Cannot write config file {file}: the disk holding {path} is full.',
    'config.list.default': '(default)',
    'config.list.file': 'Config file: {file}',
    'config.list.logDir': 'Log folder: {dir}',
    'config.set.done': '{key} is now {value}.',
  },
);
