import { defineMessages } from './define.js';

export const checklistMessages = defineMessages(
  {
    'checklist.unreadable': 'チェックリスト {file} を読み込めません（{reason}）。',
    'checklist.notAFile': '{file} はファイルではありません。チェックリストの JSON ファイルを指定してください。',
    'checklist.tooLarge': 'チェックリスト {file} が大きすぎます（{size} バイト、上限 {limit} バイト）。',
    'checklist.notUtf8': 'チェックリスト {file} は UTF-8 のテキストではありません。',
    'checklist.badJson': '{file}:{line}:{column}: JSON の書き方に誤りがあります（{line} 行 {column} 列目: {message}）。',
    'checklist.invalid': '{file}: チェックリストの {path} が正しくありません（{message}）。',
    'checklist.dirUnreadable': 'チェックリストのフォルダ {dir} を読み込めません（{reason}）。',
    'checklist.duplicateId': 'チェックリスト ID「{id}」が重複しています: {first} と {second}',
    'checklist.notFound': 'チェックリスト「{id}」が見つかりません。利用できるチェックリスト: {available}',
  },
  {
    'checklist.unreadable': 'Cannot read checklist {file} ({reason}).',
    'checklist.notAFile': '{file} is not a file. Give the path of a checklist JSON file.',
    'checklist.tooLarge': 'Checklist {file} is too large ({size} bytes; the limit is {limit} bytes).',
    'checklist.notUtf8': 'Checklist {file} is not UTF-8 text.',
    'checklist.badJson': '{file}:{line}:{column}: invalid JSON at line {line}, column {column}: {message}',
    'checklist.invalid': '{file}: invalid checklist at {path}: {message}',
    'checklist.dirUnreadable': 'Cannot read the checklist folder {dir} ({reason}).',
    'checklist.duplicateId': 'Checklist id "{id}" is used twice: {first} and {second}',
    'checklist.notFound': 'No checklist "{id}". Available checklists: {available}',
  },
);
