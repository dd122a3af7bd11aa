// Messages of the supervisor's archive: `collect`, and `report` / `review` reading its index.
import { defineMessages } from './define.js';

export const archiveMessages = defineMessages(
  {
    'collect.help': `counter-checklist collect SOURCE... [--archive DIR] [--rebuild] [--format table|json]

端末のログフォルダー（USBメモリ、共有フォルダー）から、新しい記録を責任者のアーカイブに集めます。
アーカイブ: archive/logs/端末ID/日付.jsonl（端末が書いたままのバイト）と、その索引（index.sqlite）。
  --archive DIR    アーカイブの場所（既定: {dir}）
  --rebuild        索引をアーカイブのファイルから作り直します（SOURCE は省略可）
  --format FORMAT  table（端末に表示する既定）または json（パイプ・リダイレクト時の既定）

アーカイブ済みのバイトは変えません。ファイルが伸びていれば、アーカイブ済みの部分が
1バイトも違わないときだけ続きを加えます。違うときは両方を残し（日付.jsonl.conflict-N）、
問題として記録します。同じUSBメモリを2回集めても何も増えません。この端末のレビューの記録
（{reviews}）も一緒に集めます。新しい問題・読めないファイル・食い違いがあれば終了コード 1。
以後、counter-checklist report と review は PATH なしでアーカイブを読みます。`,
    'collect.usage': '使い方: counter-checklist collect SOURCE... [--archive DIR] [--rebuild] [--format table|json]',
    'collect.error.noLogs': '{source} にはログ（*.jsonl）がありません。端末のログフォルダーを指定してください。',
    'collect.error.isArchive': '{source} のログは、集め先のアーカイブ（{archive}）の中にあるものだけです。端末のログフォルダー（USBメモリ、共有フォルダー）を指定してください。',
    'collect.error.badFormat': '--format の値が正しくありません: {value}（table か json）',
    'archive.error.locked': '別の collect がこのアーカイブに書いています（pid {pid}、{host}、{since} から。{file}）。終わってからもう一度実行してください。',
    'archive.error.folder': 'アーカイブのフォルダー {dir} を使えません（{code}）。まだ何も集めていません。フォルダーの場所（--archive）と、書き込めるかを確認してください。',
    'archive.error.write': 'アーカイブに書き込めません: {file}（{code}）。そのファイルは最後の完全な行まで戻しました。空きを作ってから collect をもう一度実行すると、続きから集めます。',
    'archive.error.indexFull': 'アーカイブの索引 {file} に書き込めません（ディスクがいっぱいです: {detail}）。索引は前回の状態のままです。空きを作ってから collect をもう一度実行すると、続きから集めます。',
    'archive.error.indexWrite': 'アーカイブの索引 {file} に書き込めません（{detail}）。索引は前回の状態のままです。counter-checklist collect --rebuild でアーカイブのファイルから作り直せます。',
    'archive.error.indexUnreadable': 'アーカイブの索引 {file} を開けません（{detail}）。counter-checklist collect --rebuild で作り直せます。',
    'archive.error.newerIndex': 'アーカイブの索引 {file} は新しい版の counter-checklist で作られています（スキーマ {version}、この版は {supported} まで）。新しい版を使ってください。',
    'archive.error.olderIndex': 'アーカイブの索引 {file} は古い版のものです（スキーマ {version}、この版は {supported}）。counter-checklist collect を一度実行すると更新されます。',
    'archive.error.none': 'アーカイブがありません: {dir}（counter-checklist collect SOURCE で作ります）',
    'collect.progress': '収集中: ファイル {files}/{total}　記録 {records}　{rate} MB/秒',
    'collect.summary.title': 'アーカイブ {dir} に集めました（ファイル: 新規 {new}、追記 {appended}、変更なし {unchanged}、食い違い {conflicts}）',
    'collect.summary.col.terminal': '端末',
    'collect.summary.col.records': '新しい記録',
    'collect.summary.col.sessions': '新しいセッション',
    'collect.summary.col.incomplete': '新たに要確認',
    'collect.summary.col.problems': '問題',
    'collect.summary.total': '合計',
    'collect.summary.nothing': '新しい記録はありません（同じログはすでにアーカイブにあります）。',
    'collect.summary.problems': '記録の問題が {n} 件増えました。counter-checklist report --flagged で該当するセッションを確認してください。',
    'collect.conflict': '{terminal}: {file} の {line} 行目から、アーカイブ済みの内容と違います。アーカイブ済みの版はそのまま、新しい版を {copy} に残しました。',
    'collect.knownConflict': '{terminal}: {file} は以前に食い違いとして残した版（{copy}）と同じです。',
    'collect.unreadable': '読めないファイル: {file}（{code}）。ほかのファイルは集めました。',
    'collect.waiting': '{terminal}: {file} の最後の行が途中までです（{bytes} バイト）。行が書き終わった後の collect で取り込みます。',
    'collect.older': '{terminal}: {file} はアーカイブ済みのものより古い写しです（新しい記録なし）。',
    'log.problem.archive-conflict': 'アーカイブ済みの内容と違う版が集められました（{line} 行目から）。両方を残しています: {copy}',
    'report.error.archiveAndPath': '--archive と PATH は同時に指定できません（アーカイブを読むか、ログを直接読むかのどちらかです）',
  },
  {
    'collect.help': `counter-checklist collect SOURCE... [--archive DIR] [--rebuild] [--format table|json]

Gathers what is new in terminals' log folders (a USB stick, a file share) into the supervisor's
archive: archive/logs/TERMINAL/DAY.jsonl (the bytes as the terminal wrote them) and its index
(index.sqlite).
  --archive DIR    where the archive is (default: {dir})
  --rebuild        make the index again from the archived files (SOURCE may then be left out)
  --format FORMAT  table (the default on a terminal) or json (the default in a pipe)

Archived bytes are never changed. A file that grew is appended to only when its archived part
matches byte for byte; when it does not, both versions are kept (DAY.jsonl.conflict-N) and an
integrity problem is recorded. Collecting the same stick twice adds nothing. This machine's review
log ({reviews}) is collected along. Exit code 1 when there are new problems, unreadable files or
conflicts. From then on counter-checklist report and review read the archive when given no PATH.`,
    'collect.usage': 'Usage: counter-checklist collect SOURCE... [--archive DIR] [--rebuild] [--format table|json]',
    'collect.error.noLogs': '{source} holds no logs (*.jsonl). Give a terminal log folder.',
    'collect.error.isArchive': 'The only logs in {source} are those of the archive collected into ({archive}). Give a terminal log folder (a USB stick, a file share).',
    'collect.error.badFormat': 'Invalid value for --format: {value} (table or json)',
    'archive.error.locked': 'Another collect is writing to this archive (pid {pid}, {host}, since {since}; {file}). Run it again when that one is done.',
    'archive.error.folder': 'Cannot use the archive folder {dir} ({code}). Nothing was collected yet. Check the place (--archive) and that it can be written.',
    'archive.error.write': 'Cannot write to the archive: {file} ({code}). That file was cut back to its last whole line. Make room and run collect again: it goes on from there.',
    'archive.error.indexFull': "Cannot write the archive's index {file} (the disk is full: {detail}). The index is as it was before. Make room and run collect again: it goes on from there.",
    'archive.error.indexWrite': "Cannot write the archive's index {file} ({detail}). The index is as it was before. counter-checklist collect --rebuild makes it again from the archived files.",
    'archive.error.indexUnreadable': "Cannot open the archive's index {file} ({detail}). counter-checklist collect --rebuild makes it again.",
    'archive.error.newerIndex': "The archive's index {file} was made by a newer counter-checklist (schema {version}; this one reads up to {supported}). Use the newer version.",
    'archive.error.olderIndex': "The archive's index {file} is from an older version (schema {version}; this one is {supported}). Running counter-checklist collect once updates it.",
    'archive.error.none': 'No archive at {dir} (counter-checklist collect SOURCE makes one)',
    'collect.progress': 'Collecting: files {files}/{total}  records {records}  {rate} MB/s',
    'collect.summary.title': 'Collected into {dir} (files: new {new}, appended {appended}, unchanged {unchanged}, conflicts {conflicts})',
    'collect.summary.col.terminal': 'Terminal',
    'collect.summary.col.records': 'New records',
    'collect.summary.col.sessions': 'New sessions',
    'collect.summary.col.incomplete': 'Newly incomplete',
    'collect.summary.col.problems': 'Problems',
    'collect.summary.total': 'Total',
    'collect.summary.nothing': 'Nothing new (these logs are already in the archive).',
    'collect.summary.problems': '{n} new integrity problems. See the sessions concerned with counter-checklist report --flagged.',
    'collect.conflict': '{terminal}: {file} differs from the archived version from line {line} on. The archived version is kept as it is; the new one was kept as {copy}.',
    'collect.knownConflict': '{terminal}: {file} is the same as a version already kept as a conflict ({copy}).',
    'collect.unreadable': 'Unreadable file: {file} ({code}). The other files were collected.',
    'collect.waiting': '{terminal}: the last line of {file} is not finished ({bytes} {bytes|byte|bytes}). A collect after it is written takes it.',
    'collect.older': '{terminal}: {file} is an older copy than the archived one (nothing new).',
    'log.problem.archive-conflict': 'A different version of the archived file was collected (from line {line} on). Both are kept: {copy}',
    'report.error.archiveAndPath': 'Give either --archive or PATHs, not both (read the archive, or read logs directly)',
  },
);
