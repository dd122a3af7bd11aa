// Messages of the supervisor's commands: `report` and `verify`.
import { defineMessages } from './define.js';

export const reportMessages = defineMessages(
  {
    'report.help': `counter-checklist report [PATH...] [--archive DIR] [--since YYYY-MM-DD] [--until YYYY-MM-DD]
                  [--terminal ID] [--operator ID] [--flagged] [--format table|json|csv|html] [--out FILE]

ログ（ファイルまたはフォルダー。フォルダーは中まで探します）からセッションを集計します。
PATH を省略すると、アーカイブ（counter-checklist collect で作成）があればその索引を、
なければこの端末のログフォルダーを読みます。
  --archive DIR        このアーカイブの索引を読みます
  --since YYYY-MM-DD   この日以降に開始したセッション（窓口の現地日付）
  --until YYYY-MM-DD   この日までに開始したセッション（その日を含む）
  --terminal ID        この端末のセッションだけ（ログのない端末は、ある端末を示して終了コード 2）
  --operator ID        このスタッフIDのセッションだけ
  --flagged            要確認（フラグのある）セッションだけ
  --format FORMAT      table（端末に表示する既定）、json（パイプ・リダイレクト時の既定）、
                       csv（UTF-8 BOM 付き、Excel で開けます）、
                       html（月次報告のページ。期間の指定がなければ前月1か月分。A4 で印刷できます）
  --out FILE           標準出力ではなく FILE に書き出します（完成してから置き換えます）

壊れた行やハッシュチェーンの不整合があっても報告は止まりません。問題の行は integrity に、
そのセッションには integrity フラグが付きます。詳しい検査は counter-checklist verify で。`,
    'verify.help': `counter-checklist verify [PATH...] [--terminal ID]...

ログ（ファイルまたはフォルダー）の整合性を検査します：記録の形式、連番（seq）の欠落、
端末ごとのハッシュチェーン（日をまたいで、先頭の seq 1 から）、途中で切れた末尾の行。
問題は「ファイル:行: 内容」で表示し、一つでもあれば終了コード 1、なければ 0 です。
端末ごとに最後に確認した記録（ヘッド）をこのパソコンに記録し、後のログにそれが
見当たらなければ（末尾の削除や書き換え）、また以前に確認した端末のログがまったくなければ
（ファイルを空にした・削除した）問題として表示します。--terminal で指定した端末だけを確認する
ときは、ほかの端末のログは求めません。記録先: {file}`,
    'report.error.badDate': '{option} の日付が正しくありません: {value}（YYYY-MM-DD の形式で、実在する日付を指定してください）',
    'report.error.dateRange': '--since（{since}）が --until（{until}）より後になっています',
    'report.error.badFormat': '--format の値が正しくありません: {value}（table、json、csv、html のいずれか）',
    'report.error.out': '--out のファイルに書き込めません: {file}（{reason}）',
    'report.error.outEmpty': '--out にファイル名を指定してください',
    'report.error.outIsLog': '--out {file} は、この report が読むログのファイルです（上書きしません）。別の場所を指定してください。',
    'report.error.outOverLog': '--out {file} には書きません: ログ・アーカイブの場所 {folder} です（ログを上書きしたり、次からログとして読まれたりしないように）。別の場所を指定してください。',
    'report.out.written': '書き出しました: {file}',
    'report.error.emptyOption': '{option} に値を指定してください',
    'report.table.incomplete': '要確認のセッション（未完了・フラグあり）',
    'report.table.complete': '問題のないセッション',
    'report.table.none': 'セッションはありません。',
    'report.table.noIncomplete': '要確認のセッションはありません。',
    'report.table.col.id': 'ID',
    'report.table.col.start': '開始日時',
    'report.table.col.terminal': '端末',
    'report.table.col.operator': 'スタッフ',
    'report.table.col.outcome': '結果',
    'report.table.col.flow': '手順',
    'report.table.col.reviewed': '確認',
    'report.table.col.flags': 'フラグ',
    'report.table.flagSeparator': '、',
    'report.table.byTerminal': '端末別の集計',
    'report.table.reviewed': '済',
    'report.table.flaggedOnly': '（--flagged: 要確認のセッションだけを数えるため、割合は出しません）',
    'report.table.col.sessions': 'セッション',
    'report.table.col.incomplete': '要確認',
    'report.table.col.share': '要確認の割合',
    'report.table.total': '合計',
    'report.table.totals': 'セッション {sessions} 件　完了 {completed} 件　要確認 {incomplete} 件',
    'report.table.byFlag': 'フラグ別: {flags}',
    'report.table.period': '期間（開始日）: {from} 〜 {to}',
    'report.table.integrity': '記録の問題（{count} 件）— 詳しくは counter-checklist verify で確認してください',
    'report.outcome.completed': '完了',
    'report.outcome.interrupted': '中断',
    'report.outcome.recovered': '復旧',
    'report.outcome.open': '未終了',
    'report.flag.no-logout': 'ログアウト未確認',
    'report.flag.unclean-exit': '異常終了',
    'report.flag.interrupted': '中断',
    'report.flag.required-skipped': '必須スキップ',
    'report.flag.idle': '放置',
    'report.flag.unsensed': '未検知',
    'report.flag.integrity': '記録不整合',
    'verify.problem': '{file}:{line}: {problem}',
    'verify.problemNoLine': '{file}: {problem}',
    'verify.chainStart':
      '端末 {terminal} のハッシュチェーンが先頭（seq 1）から始まっていません（最初の記録は seq {seq}）：それより前の記録がありません（削除されたか、古いログが渡されていません）',
    'verify.anchor.missing':
      '端末 {terminal} で以前に確認した最新の記録（seq {seq}、{ts}）がこのログにありません。末尾の記録が削除されたか、ファイルが書き換えられた可能性があります（または、すべてのログが渡されていません）',
    'verify.anchor.notChecked': '端末 {terminal}: 以前に確認した記録（seq {seq}）より後のログだけが渡されたため、つながりは確認していません',
    'verify.anchor.gone':
      '端末 {terminal} のログがありません。以前に確認した最新の記録（seq {seq}、{ts}、{file}）を含むファイルが空にされたか削除された可能性があります（ほかの端末だけを確認するときは --terminal で指定してください）',
    'verify.anchor.saveFailed': '確認した記録（ヘッド）を保存できませんでした（{code}）: {file}',
    'verify.error.stateBad':
      'ヘッドの記録ファイルが読めません: {file}（{detail}）。壊れている場合は、内容を確認してから削除してください',
    'verify.error.noTerminal': '--terminal {terminal} のログがありません（ここにある端末: {found}）',
    'report.error.noTerminal': '--terminal {terminal} のログがありません（ここにある端末: {found}）',
    'verify.ok': '問題はありません（ファイル {files}、記録 {records} 件、端末 {terminals}）',
    'verify.found': '問題 {problems} 件（ファイル {files}、記録 {records} 件、端末 {terminals}）',
  },
  {
    'report.help': `counter-checklist report [PATH...] [--archive DIR] [--since YYYY-MM-DD] [--until YYYY-MM-DD]
                  [--terminal ID] [--operator ID] [--flagged] [--format table|json|csv|html] [--out FILE]

Folds the logs (files or folders; folders are searched recursively) into sessions.
Without PATH it reads the archive's index when there is one (made by counter-checklist collect),
else this machine's log folder.
  --archive DIR        read this archive's index
  --since YYYY-MM-DD   sessions started on or after this day (the counter's local date)
  --until YYYY-MM-DD   sessions started on or before this day
  --terminal ID        only this terminal's sessions (one with no logs here: exit 2, naming those there)
  --operator ID        only this staff ID's sessions
  --flagged            only incomplete (flagged) sessions
  --format FORMAT      table (default on a terminal), json (default when piped or redirected),
                       csv (UTF-8 with BOM, opens in Excel),
                       html (the monthly report page; the last full month unless a period is
                       given; prints on A4)
  --out FILE           write to FILE instead of stdout (replaced only once complete)

Broken lines and hash-chain breaks never stop the report: they are listed under integrity and
their sessions get the integrity flag. For a full check run counter-checklist verify.`,
    'verify.help': `counter-checklist verify [PATH...] [--terminal ID]...

Checks the logs (files or folders): record schema, sequence (seq) gaps, each terminal's hash
chain (across days, from seq 1 on), torn last lines. Prints each problem as file:line: problem; exit code 1
when any is found, 0 when clean.
It remembers the newest record (head) seen per terminal on this machine and reports a problem
when a later log set no longer contains it (newest records removed, or a file rewritten), or has
no logs at all of a terminal seen before (a file emptied or deleted). With --terminal only the
terminals named are checked, and the others' logs are not asked for. Kept in: {file}`,
    'report.error.badDate': 'Bad date for {option}: {value} (use YYYY-MM-DD, a real calendar date)',
    'report.error.dateRange': '--since ({since}) is after --until ({until})',
    'report.error.badFormat': 'Bad value for --format: {value} (one of table, json, csv, html)',
    'report.error.out': 'Cannot write the --out file: {file} ({reason})',
    'report.error.outEmpty': '--out needs a file name',
    'report.error.outIsLog': '--out {file} is a log file this report reads (never overwritten). Choose another place.',
    'report.error.outOverLog': 'Not writing --out {file}: {folder} is where logs or the archive are kept (the report would overwrite a log, or be read as one next time). Choose another place.',
    'report.out.written': 'Written: {file}',
    'report.error.emptyOption': '{option} needs a value',
    'report.table.incomplete': 'Incomplete sessions (flagged)',
    'report.table.complete': 'Sessions without flags',
    'report.table.none': 'No sessions.',
    'report.table.noIncomplete': 'No incomplete sessions.',
    'report.table.col.id': 'ID',
    'report.table.col.start': 'Started',
    'report.table.col.terminal': 'Terminal',
    'report.table.col.operator': 'Staff',
    'report.table.col.outcome': 'Outcome',
    'report.table.col.flow': 'Flow',
    'report.table.col.reviewed': 'Rev.',
    'report.table.col.flags': 'Flags',
    'report.table.flagSeparator': ', ',
    'report.table.byTerminal': 'By terminal',
    'report.table.reviewed': 'ok',
    'report.table.flaggedOnly': '(--flagged: only incomplete sessions are counted, so no share is shown)',
    'report.table.col.sessions': 'Sessions',
    'report.table.col.incomplete': 'Incomplete',
    'report.table.col.share': 'Incomplete share',
    'report.table.total': 'Total',
    'report.table.totals': '{sessions} {sessions|session|sessions}   {completed} completed   {incomplete} incomplete',
    'report.table.byFlag': 'By flag: {flags}',
    'report.table.period': 'Period (start dates): {from} to {to}',
    'report.table.integrity': 'Log problems ({count}): run counter-checklist verify for details',
    'report.outcome.completed': 'completed',
    'report.outcome.interrupted': 'interrupted',
    'report.outcome.recovered': 'recovered',
    'report.outcome.open': 'open',
    'report.flag.no-logout': 'no logout',
    'report.flag.unclean-exit': 'unclean exit',
    'report.flag.interrupted': 'interrupted',
    'report.flag.required-skipped': 'required skipped',
    'report.flag.idle': 'idle',
    'report.flag.unsensed': 'unsensed',
    'report.flag.integrity': 'integrity',
    'verify.problem': '{file}:{line}: {problem}',
    'verify.problemNoLine': '{file}: {problem}',
    'verify.chainStart':
      "Terminal {terminal}'s hash chain does not start at seq 1 (the first record is seq {seq}): earlier records are missing (deleted, or older logs not given)",
    'verify.anchor.missing':
      'The newest record seen earlier for terminal {terminal} (seq {seq}, {ts}) is not in these logs: the newest records may have been removed or a file rewritten (or not every log was given)',
    'verify.anchor.notChecked': 'Terminal {terminal}: only logs after the record seen earlier (seq {seq}) were given, so the link to it was not checked',
    'verify.anchor.gone':
      'Terminal {terminal} has no logs here: the newest record seen earlier (seq {seq}, {ts}, in {file}) is gone — its file emptied or deleted? (To check only other terminals, name them with --terminal.)',
    'verify.anchor.saveFailed': 'Could not save the heads seen ({code}): {file}',
    'verify.error.stateBad': 'Cannot read the heads file {file} ({detail}). If it is damaged, look at it, then delete it',
    'verify.error.noTerminal': 'No logs of --terminal {terminal} here (terminals found: {found})',
    'report.error.noTerminal': 'No logs of --terminal {terminal} here (terminals found: {found})',
    'verify.ok': 'No problems ({files} {files|file|files}, {records} {records|record|records}, {terminals} {terminals|terminal|terminals})',
    'verify.found': '{problems} {problems|problem|problems} ({files} {files|file|files}, {records} {records|record|records}, {terminals} {terminals|terminal|terminals})',
  },
);
