import { defineMessages } from './define.js';

export const cliMessages = defineMessages(
  {
    'cli.error': 'エラー: {message}',
    'cli.unknownCommand': '不明なコマンドです: {command}（counter-checklist --help を参照）',
    'cli.badArgs.unknown': '「{option}」というオプションはありません。使えるオプションは counter-checklist {command} --help で確認できます。',
    'cli.badArgs.value': '{option} には値が必要です（例: {option} 値）。counter-checklist {command} --help を参照してください。',
    'cli.badArgs.noValue': '{option} には値を付けられません。counter-checklist {command} --help を参照してください。',
    'cli.badArgs.other': '引数が正しくありません。counter-checklist {command} --help を参照してください。',
    'cli.badArgs.extra': '「{arg}」という引数は使えません。counter-checklist {command} --help を参照してください。',
    'cli.error.output': '出力を書き込めません（{code}）。出力先（リダイレクト先のファイル、そのディスクの空き）を確認してください。ログやアーカイブには影響ありません。',
    'cli.badArgs.repeated': '{option} は1回だけ指定できます（2回目の値で1回目を黙って置き換えることはしません）。counter-checklist {command} --help を参照してください。',
    'cli.unexpected': '予期しないエラーが発生しました: {message}',
    'cli.help.main': `counter-checklist — 窓口支援チェックリスト（キオスク）

使い方:
  counter-checklist [kiosk] [--checklist ID] [--operator ID]   キオスクを起動
  counter-checklist checklists [list | validate FILE...]        チェックリストの一覧・検証
  counter-checklist config [list | get KEY | set KEY VALUE | set-pin]   設定
  counter-checklist readers [--format table|json]              カードリーダー（PC/SC）とカードの有無、使うカードリーダー
  counter-checklist seal init [--yes] | seal enroll TERMINAL KEY   ログの封印（端末の登録・鍵の登録）
  counter-checklist collect SOURCE... [--archive DIR] [--rebuild] [--format table|json]
                                                                端末のログを責任者のアーカイブに集める（新しい分だけ）
  counter-checklist report [PATH...] [--archive DIR] [--since YYYY-MM-DD] [--until YYYY-MM-DD]
      [--terminal ID] [--operator ID] [--flagged] [--format table|json|csv|html] [--out FILE]
                                                                セッションの報告（要確認を先に）
  counter-checklist verify [PATH...] [--terminal ID]...         ログの整合性と封印を検査（問題があれば終了コード 1）
  counter-checklist review [PATH...] [--archive DIR]            監督者の確認画面（要確認を先に、経過と確認の記録）
  counter-checklist --version                                   バージョン

各コマンドは --help で説明を表示します。
環境変数 COUNTER_CHECKLIST_HOME=DIR で設定とログを DIR に置きます。`,
    'cli.help.kiosk': `counter-checklist kiosk [--checklist ID] [--operator ID]

キオスクを起動します（端末が必要です）。
  --checklist ID   使うチェックリスト（既定: 設定 defaultChecklist）
  --operator ID    このスタッフIDでサインインした状態で始める

キー: Enter/Space 確認   s スキップ   b 戻る   i 中断   ? ヘルプ
支援中は終了できません。中断は i、最後に logout と入力してログアウトを確認します。`,
    'cli.help.checklists': `counter-checklist checklists [list | validate FILE...]

  list               インストール済みのチェックリストを表示
  validate FILE...   チェックリストのファイルを検証（問題があれば終了コード 2）`,
    'cli.help.config': `counter-checklist config [list | get KEY | set KEY VALUE | set-pin]

  list               すべての設定と設定ファイルの場所を表示
  get KEY            設定値を表示
  set KEY VALUE      設定値を変更（enabledChecklists などキオスクの設定は、キオスクの再起動で反映されます）
  set-pin            監督者の暗証番号（kioskLock で終了時に求めるもの）を設定`,
  },
  {
    'cli.error': 'Error: {message}',
    'cli.unknownCommand': 'Unknown command: {command} (see counter-checklist --help)',
    'cli.badArgs.unknown': 'There is no option "{option}". See counter-checklist {command} --help for the options.',
    'cli.badArgs.value': '{option} needs a value (e.g. {option} VALUE). See counter-checklist {command} --help.',
    'cli.badArgs.noValue': '{option} takes no value. See counter-checklist {command} --help.',
    'cli.badArgs.other': 'Bad arguments. See counter-checklist {command} --help.',
    'cli.badArgs.extra': 'The argument "{arg}" is not taken here. See counter-checklist {command} --help.',
    'cli.error.output': 'Cannot write the output ({code}). Check where it goes (the file it is redirected to, the space left on its disk). The logs and the archive are not affected.',
    'cli.badArgs.repeated': '{option} can be given only once (a second value does not silently replace the first). See counter-checklist {command} --help.',
    'cli.unexpected': 'Unexpected error: {message}',
    'cli.help.main': `counter-checklist — counter support checklist kiosk

Usage:
  counter-checklist [kiosk] [--checklist ID] [--operator ID]   start the kiosk
  counter-checklist checklists [list | validate FILE...]        list or validate checklists
  counter-checklist config [list | get KEY | set KEY VALUE | set-pin]   settings
  counter-checklist readers [--format table|json]              card readers (PC/SC), a card in each, the one the kiosk uses
  counter-checklist seal init [--yes] | seal enroll TERMINAL KEY   sealing of the log (enrol a terminal, keep its key)
  counter-checklist collect SOURCE... [--archive DIR] [--rebuild] [--format table|json]
                                                                gather terminals' logs into the supervisor's archive (what is new)
  counter-checklist report [PATH...] [--archive DIR] [--since YYYY-MM-DD] [--until YYYY-MM-DD]
      [--terminal ID] [--operator ID] [--flagged] [--format table|json|csv|html] [--out FILE]
                                                                sessions report (incomplete first)
  counter-checklist verify [PATH...] [--terminal ID]...         check the logs and their seals (exit code 1 on any problem)
  counter-checklist review [PATH...] [--archive DIR]            review screen for supervisors (timelines, follow-ups)
  counter-checklist --version                                   version

Every command explains itself with --help.
COUNTER_CHECKLIST_HOME=DIR keeps config and logs under DIR.`,
    'cli.help.kiosk': `counter-checklist kiosk [--checklist ID] [--operator ID]

Starts the kiosk (needs a terminal).
  --checklist ID   the checklist to use (default: setting defaultChecklist)
  --operator ID    start signed in with this staff ID

Keys: Enter/Space confirm   s skip   b back   i interrupt   ? help
A session cannot be left: press i to interrupt, then type logout to confirm the logout.`,
    'cli.help.checklists': `counter-checklist checklists [list | validate FILE...]

  list               show the installed checklists
  validate FILE...   validate checklist files (exit code 2 on any problem)`,
    'cli.help.config': `counter-checklist config [list | get KEY | set KEY VALUE | set-pin]

  list               show every setting and where the config file is
  get KEY            print one setting
  set KEY VALUE      change one setting (the kiosk's settings, enabledChecklists among them,
                     take effect when the kiosk starts again)
  set-pin            set the supervisor PIN (asked when leaving the kiosk with kioskLock on)`,
  },
);
