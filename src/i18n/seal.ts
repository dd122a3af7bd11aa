import { defineMessages } from './define.js';

export const sealMessages = defineMessages(
  {
    'seal.error.keyUnreadable': 'この端末の封印の鍵のファイル {file} を読めません（{detail}）。',
    'seal.help': `counter-checklist seal init [--yes]
counter-checklist seal enroll TERMINAL KEY

ログの封印（前方安全な封印）。端末のログに、ログアウト・サインアウトのたびと15分ごとに
封印の記録（HMAC-SHA256）を加え、そのたびに鍵を一方向に進めます。端末には今の鍵しか
残らないため、ある時点で端末を乗っ取った人も、それより前に封印された記録を気づかれずに
変えることはできません（counter-checklist verify が確認します）。

  seal init            この端末を登録します（1回だけ。キオスクを止めてから）。新しい鍵を
                       一度だけ表示するので、責任者が控えてください。登録済みの端末では
                       確認のうえ登録し直します（--yes で確認を省略）。
  seal enroll T KEY    責任者のパソコンで、端末 T の鍵を登録します。以後 verify と report が
                       T の封印を確認します。`,
    'seal.init.confirm': '端末 {terminal} はすでに封印に登録されています（{file}）。新しい鍵で登録し直すと、以後の封印はその鍵が必要になります。続けるには yes と入力してください: ',
    'seal.init.needsYes': '端末 {terminal} はすでに封印に登録されています。登録し直すには --yes を付けてください。',
    'seal.init.cancelled': '登録し直しを中止しました。',
    'seal.init.done': '端末 {terminal} を封印に登録しました（鍵の指紋 {fingerprint}）。封印の鍵はいま一度だけ表示します。この端末には残りません:',
    'seal.init.next': '責任者のパソコンで次を実行してください: counter-checklist seal enroll {terminal} {key}',
    'seal.enroll.length': '端末 {terminal} の鍵の長さが違います（4文字ずつ14組、56文字）。',
    'seal.enroll.characters': '端末 {terminal} の鍵に使えない文字があります（A〜Z と 2〜7）。',
    'seal.enroll.checksum': '端末 {terminal} の鍵が一致しません（チェック文字が違います）。端末IDと鍵を確認してください。',
    'seal.enroll.done': '端末 {terminal} の封印の鍵を登録しました（指紋 {fingerprint}、{file}）。',
    'seal.enroll.again': '端末 {terminal} のこの鍵（指紋 {fingerprint}）はすでに登録されています（{file}）。',
    'seal.enroll.usage': '使い方: counter-checklist seal enroll TERMINAL KEY',
    'seal.usage': '使い方: counter-checklist seal init [--yes] | seal enroll TERMINAL KEY',
    'verify.seal.sealed': '端末 {terminal}: seq {to} までの記録を封印で確認しました（封印 {seals} 件）。',
    'verify.seal.unsealed': '端末 {terminal}: 最新の {n} 件はまだ封印されていません（次のログアウトかサインアウトで封印されます）。',
    'verify.seal.noKey': '端末 {terminal}: 封印がありますが、その鍵がこのパソコンに登録されていないため、封印の改ざんは確認していません（counter-checklist seal enroll）。',
    'verify.seal.none': '封印されていない端末: {terminals}（counter-checklist seal init で登録できます）',
    'verify.seal.missing': '端末 {terminal}: このパソコンに封印の鍵が登録されていますが、ログに封印（seal-init・seal）が1つもありません。封印が取り除かれたか、ログを書き直した可能性があります（seal init より前のログだけなら問題ありません）。',
    'seal.error.keysUnreadable': '登録した封印の鍵のファイル {file} を読めません（{detail}）。',
    'log.problem.seal-missing': '封印がありません：seq {from} 以降、封印のないログアウト・サインアウトがこれで2回目です（キオスクはそのたびに封印します。封印が取り除かれたか、端末が封印をやめています）',
    'verify.seal.missingSince': '端末 {terminal}: 最後の封印（seq {seq} まで）のあと、封印のないログアウト・サインアウトが {n} 件あります。キオスクはそのたびに封印するので、封印が取り除かれたか、端末が封印をやめています（鍵のファイルが消えたなど）。',
    'log.problem.seal-bad': '封印（エポック {epoch}）が検証できません：seq {from}〜{to} の記録が変更されたか、封印が偽造されています',
    'log.problem.seal-epoch': '封印のエポックが {expected} のはずが {epoch} です：封印が削除されたか、ログが切り詰められた可能性があります',
    'log.problem.seal-range': '封印（エポック {epoch}、seq {from}〜{to}）が、ここにある記録と一致しません：記録が変更・削除されたか、書き換えられています',
  },
  {
    'seal.error.keyUnreadable': "Cannot read this terminal's seal key file {file} ({detail}).",
    'seal.help': `counter-checklist seal init [--yes]
counter-checklist seal enroll TERMINAL KEY

Forward-secure sealing of the log. The kiosk adds a seal (an HMAC-SHA256) at every logout and
sign-out and at least every 15 minutes, and moves its key on one way after each. The terminal keeps
only the current key, so whoever takes it over at some point cannot change records sealed before
that without counter-checklist verify saying so.

  seal init            enrol this terminal (once; stop the kiosk first). A new key is shown once:
                       the supervisor keeps it. An enrolled terminal is enrolled again after a
                       confirmation (--yes skips it).
  seal enroll T KEY    on the supervisor's machine: keep terminal T's key. From then on verify
                       and report check T's seals.`,
    'seal.init.confirm': 'Terminal {terminal} is already enrolled for sealing ({file}). Enrolling it again means later seals need the new key. Type yes to go on: ',
    'seal.init.needsYes': 'Terminal {terminal} is already enrolled for sealing. To enrol it again, add --yes.',
    'seal.init.cancelled': 'Enrolling again was cancelled.',
    'seal.init.done': 'Terminal {terminal} is enrolled for sealing (key fingerprint {fingerprint}). Its seal key is shown now, once; it is not kept on this terminal:',
    'seal.init.next': "On the supervisor's machine run: counter-checklist seal enroll {terminal} {key}",
    'seal.enroll.length': "Terminal {terminal}'s key has the wrong length (14 groups of 4, 56 characters).",
    'seal.enroll.characters': "Terminal {terminal}'s key has characters that cannot be in it (A-Z and 2-7).",
    'seal.enroll.checksum': "Terminal {terminal}'s key does not check out (its last group is wrong): check the terminal id and the key.",
    'seal.enroll.done': "Enrolled terminal {terminal}'s seal key (fingerprint {fingerprint}, {file}).",
    'seal.enroll.again': "Terminal {terminal}'s key (fingerprint {fingerprint}) was already enrolled ({file}).",
    'seal.enroll.usage': 'Usage: counter-checklist seal enroll TERMINAL KEY',
    'seal.usage': 'Usage: counter-checklist seal init [--yes] | seal enroll TERMINAL KEY',
    'verify.seal.sealed': 'Terminal {terminal}: records up to seq {to} checked by their seals ({seals} seals).',
    'verify.seal.unsealed': 'Terminal {terminal}: the newest {n} {n|record|records} are not sealed yet (the next logout or sign-out seals them).',
    'verify.seal.noKey': "Terminal {terminal}: it has seals, but its key is not enrolled on this machine, so the seals were not checked (counter-checklist seal enroll).",
    'verify.seal.none': 'Terminals not sealed: {terminals} (enrol them with counter-checklist seal init)',
    'verify.seal.missing': 'Terminal {terminal}: its seal key is enrolled on this machine, but its logs hold no seal (seal-init or seal): the seals were removed or the log rewritten (fine only if these are all logs from before its seal init).',
    'seal.error.keysUnreadable': 'Cannot read the enrolled seal keys file {file} ({detail}).',
    'log.problem.seal-missing': 'Seals missing: since seq {from}, this is the second logout or sign-out without its seal (the kiosk seals each one: seals were removed, or the terminal stopped sealing)',
    'verify.seal.missingSince': 'Terminal {terminal}: after its last seal (up to seq {seq}), {n} logouts and sign-outs have no seal. The kiosk seals each one: seals were removed, or the terminal stopped sealing (its key file gone).',
    'log.problem.seal-bad': 'Seal of epoch {epoch} does not verify: records seq {from}-{to} were changed, or the seal was forged',
    'log.problem.seal-epoch': 'Seal epoch {epoch} where {expected} was due: a seal was removed or the log cut short',
    'log.problem.seal-range': 'Seal of epoch {epoch} (seq {from}-{to}) does not match the records here: records were changed, removed or rewritten',
  },
);
