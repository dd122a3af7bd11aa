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
    'config.pin.error.notFolder': '暗証番号のファイル {file} を保存できません: {path} はフォルダではありません。',
    'config.pin.error.readOnly': '暗証番号のファイル {file} を保存できません: {path} は読み取り専用のファイルシステムにあります。',
    'config.pin.error.noWritePermission': '暗証番号のファイル {file} を保存できません: {path} に書き込む権限がありません。',
    'config.pin.error.noSpace': '暗証番号のファイル {file} を保存できません: {path} のディスクに空きがありません。',
    'config.pin.unwritable': '暗証番号のファイル {file} を保存できません（{detail}）。',
  },
  {
    'config.pin.invalid': 'The PIN must be 4 to 12 digits.',
    'config.pin.mismatch': 'The two PINs typed do not match.',
    'config.pin.cancelled': 'Setting the PIN was cancelled.',
    'config.pin.unreadable': 'The PIN file {file} cannot be read. Set the PIN again with: counter-checklist config set-pin',
    'config.pin.prompt': 'Supervisor PIN (4-12 digits): ',
    'config.pin.again': 'Again: ',
    'config.pin.done': 'Supervisor PIN set ({file}; only a hash is stored).',
    'config.pin.error.notFolder': 'Cannot save the PIN file {file}: {path} is not a folder.',
    'config.pin.error.readOnly': 'Cannot save the PIN file {file}: {path} is on a read-only file system.',
    'config.pin.error.noWritePermission': 'Cannot save the PIN file {file}: no permission to write in {path}.',
    'config.pin.error.noSpace': 'Cannot save the PIN file {file}: the disk holding {path} is full.',
    'config.pin.unwritable': 'Cannot save the PIN file {file} ({detail}).',
  },
);
