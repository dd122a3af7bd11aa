import { defineMessages } from './define.js';

export const pinMessages = defineMessages(
  {
    'config.pin.invalid': '暗証番号は4〜12桁の数字にしてください。',
    'config.pin.mismatch': '2回入力した暗証番号が一致しません。',
    'config.pin.cancelled': '暗証番号の設定を中止しました。',
    'config.pin.unreadable': '暗証番号のファイル {file} を読めません。counter-checklist config set-pin で設定し直してください。',
    'config.pin.prompt': '責任者の暗証番号（4〜12桁）: ',
    'config.pin.again': 'もう一度: ',
    'config.pin.done': '責任者の暗証番号を設定しました（{file}、ハッシュのみ保存）。',
  },
  {
    'config.pin.invalid': 'The PIN must be 4 to 12 digits.',
    'config.pin.mismatch': 'The two PINs typed do not match.',
    'config.pin.cancelled': 'Setting the PIN was cancelled.',
    'config.pin.unreadable': 'The PIN file {file} cannot be read. Set the PIN again with: counter-checklist config set-pin',
    'config.pin.prompt': 'Supervisor PIN (4-12 digits): ',
    'config.pin.again': 'Again: ',
    'config.pin.done': 'Supervisor PIN set ({file}; only a hash is stored).',
  },
);
