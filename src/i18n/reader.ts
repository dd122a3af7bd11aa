import { defineMessages } from './define.js';

export const readerMessages = defineMessages(
  {
    'readers.help': `counter-checklist readers [--format table|json]

PC/SC のカードリーダーと、それぞれにカードが入っているかを表示し、設定 cardReader でキオスクが使うカードリーダーを示します。
PC/SC を使えないとき（接続部品が組み込まれていない・サービスが動いていない）もそのことを表示します。終了コードは常に 0 です。
  --format json   機械で読める形（{"setting", "readers", "uses", "unavailable"}）`,
    'readers.usage': 'readers の使い方が正しくありません。使い方: counter-checklist readers [--format table|json]',
    'readers.title': 'カードリーダー（PC/SC）:',
    'readers.none': '  カードリーダーが見つかりません。',
    'readers.card': 'カードあり',
    'readers.empty': 'カードなし',
    'readers.unavailable.no-binding':
      'PC/SC を使えません: カードリーダーの接続部品（@pokusew/pcsclite）が組み込まれていません（docs/card-reader.md）。',
    'readers.unavailable.no-service':
      'PC/SC を使えません: スマートカードのサービスが動いていません（Linux: pcscd、Windows: Smart Card サービス。docs/card-reader.md）。',
    'readers.uses.off': '設定 cardReader は off です: キオスクはカードリーダーを見ません。',
    'readers.uses.auto': '設定 cardReader は auto です: 「{reader}」を使います。',
    'readers.uses.autoNone': '設定 cardReader は auto です: 最初に見つかったカードリーダーを使います（いまはありません）。',
    'readers.uses.named': '設定 cardReader は「{reader}」です: このカードリーダーを使います。',
    'readers.uses.namedMissing': '設定 cardReader は「{reader}」ですが、いまこのカードリーダーは見つかりません。',
  },
  {
    'readers.help': `counter-checklist readers [--format table|json]

Lists the PC/SC card readers and whether each holds a card, and which reader the kiosk uses with the
cardReader setting. Says so when PC/SC is not available (binding not built, service not running).
The exit code is always 0.
  --format json   machine-readable ({"setting", "readers", "uses", "unavailable"})`,
    'readers.usage': 'Bad use of readers. Usage: counter-checklist readers [--format table|json]',
    'readers.title': 'Card readers (PC/SC):',
    'readers.none': '  No card reader found.',
    'readers.card': 'card in',
    'readers.empty': 'no card',
    'readers.unavailable.no-binding': 'PC/SC is not available: the card reader binding (@pokusew/pcsclite) is not built (docs/card-reader.md).',
    'readers.unavailable.no-service':
      'PC/SC is not available: the smart card service is not running (Linux: pcscd; Windows: the Smart Card service; docs/card-reader.md).',
    'readers.uses.off': 'cardReader is off: the kiosk does not watch a card reader.',
    'readers.uses.auto': 'cardReader is auto: the kiosk uses "{reader}".',
    'readers.uses.autoNone': 'cardReader is auto: the kiosk uses the first card reader found (none now).',
    'readers.uses.named': 'cardReader is "{reader}": the kiosk uses this reader.',
    'readers.uses.namedMissing': 'cardReader is "{reader}", but that reader is not found now.',
  },
);
