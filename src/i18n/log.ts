import { defineMessages } from './define.js';

export const logMessages = defineMessages(
  {
    'log.error.open': 'ログに書き込めません（{code}）：{path}　ログが書けるようになるまでセッションは開始できません。',
    'log.error.write': 'ログの書き込みに失敗しました（{code}）：{path}　この記録は保存されていません。',
    'log.error.failed':
      '以前の書き込みエラー（{code}）のため、ログへの記録を停止しています：{path}　端末を再起動し、管理者に連絡してください。',
    'log.error.repair': 'ログ末尾の修復に失敗しました（{code}）：{path}',
    'log.error.damaged':
      'ログファイル {path} の {line} 行目以降が壊れていて、最後の行も記録として読めないため、続きを書けません。管理者に連絡してください。',
    'log.error.lockLost':
      'この端末のログのロック（{path}）が失われたため、記録を停止しました。別のキオスクが動いていないか確認してから r を押してください。',
    'log.error.badTerminal': '端末IDが不正です：{terminal}（英数字と . _ - のみ、64文字まで）',
    'log.error.pathNotFound': 'ログのファイルまたはフォルダーが見つかりません：{path}',
    'log.error.notAFile': 'ログのファイルでもフォルダーでもありません（パイプ・デバイスなど）：{path}',
    'log.error.other': 'ログを使えません：{message}',
    'log.problem.torn-tail': '末尾の行が途中で切れています（改行のない {bytes} バイト）',
    'log.problem.bad-json': 'JSON として読めない行です',
    'log.problem.schema': '記録の形式が正しくありません：{detail}',
    'log.problem.unknown-version': '未対応の記録バージョンです：{version}',
    'log.problem.seq-gap': '連番が飛んでいます（期待 {expected}、実際 {found}）：記録が削除された可能性があります',
    'log.problem.seq-repeat': '連番が重複しているか順序が違います（期待 {expected}、実際 {found}）',
    'log.problem.chain-break': 'ハッシュチェーンが途切れています（seq {seq}、{before} 行目との間）：prev は {expected}… のはずが {found}… です。前の行が変更された可能性があります',
    'log.problem.terminal-mismatch': '別の端末（{found}）の記録が {expected} のログに含まれています',
    'log.problem.line-too-long': '長すぎる行です（{max} バイト超）',
    'log.problem.unreadable': 'ファイルを読めません（{code}）',
    'log.problem.after-logout': 'セッション {session}… のログアウトの後に、そのセッションの記録（{type}）があります',
    'log.problem.duplicate-session': 'セッションID {session}… は別の端末でも使われています',
    'log.problem.session-overlap': 'セッション {session}… が、同じ端末のセッション {other}… のログアウト前に開始されています',
    'log.problem.clock-back': '時刻が {minutes} 分戻っています（直前の記録 {previous}）：端末の時計が戻された可能性があります',
  },
  {
    'log.error.open': 'Cannot write the log ({code}): {path}. No session can start until the log can be written.',
    'log.error.write': 'Writing the log failed ({code}): {path}. This record was not saved.',
    'log.error.failed':
      'Logging stopped after an earlier write error ({code}): {path}. Restart the terminal and tell your administrator.',
    'log.error.repair': 'Could not repair the end of the log ({code}): {path}',
    'log.error.damaged':
      'The log file {path} is damaged from line {line} on and its last line is not a readable record, so it cannot be continued. Tell your administrator.',
    'log.error.lockLost':
      "This terminal's log lock ({path}) was lost, so logging stopped. Make sure no other kiosk is running, then press r.",
    'log.error.badTerminal': 'Invalid terminal ID: {terminal} (letters, digits, . _ - only, up to 64 characters)',
    'log.error.pathNotFound': 'Log file or folder not found: {path}',
    'log.error.notAFile': 'Neither a log file nor a folder (a pipe, a device): {path}',
    'log.error.other': 'The log cannot be used: {message}',
    'log.problem.torn-tail': 'The last line is cut off ({bytes} {bytes|byte|bytes} without a final newline)',
    'log.problem.bad-json': 'The line is not valid JSON',
    'log.problem.schema': 'The record does not match the schema: {detail}',
    'log.problem.unknown-version': 'Unknown record version: {version}',
    'log.problem.seq-gap': 'Sequence gap (expected {expected}, found {found}): records may have been deleted',
    'log.problem.seq-repeat': 'Sequence repeated or out of order (expected {expected}, found {found})',
    'log.problem.chain-break': 'Hash chain broken (seq {seq}, between line {before} and this one): prev should be {expected}…, is {found}…; the line before may have been changed',
    'log.problem.terminal-mismatch': 'A record of terminal {found} is in the log of {expected}',
    'log.problem.line-too-long': 'Line too long (over {max} {max|byte|bytes})',
    'log.problem.unreadable': 'Cannot read the file ({code})',
    'log.problem.after-logout': 'A record ({type}) of session {session}… comes after its logout',
    'log.problem.duplicate-session': 'Session id {session}… is also used on another terminal',
    'log.problem.session-overlap': 'Session {session}… started before session {other}… of the same terminal logged out',
    'log.problem.clock-back': 'Time goes back {minutes} min (previous record {previous}): the terminal clock was probably set back',
  },
);
