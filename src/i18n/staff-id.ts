// What a staff ID may be, in words: the kiosk's sign-in and the review's reviewer ID say the same.
export const staffIdJa = {
  'operator-invalid': 'スタッフIDが、この端末で決められた形式と違います。',
  'operator-chars': 'スタッフIDに使えるのは英数字と - だけです。',
  'operator-too-short': 'スタッフIDが短すぎます（2〜16文字）。',
  'operator-too-long': 'スタッフIDが長すぎます（2〜16文字）。',
} as const;
export const staffIdEn = {
  'operator-invalid': 'That staff ID does not have the form this terminal requires.',
  'operator-chars': 'A staff ID has letters, digits and - only.',
  'operator-too-short': 'That staff ID is too short (2 to 16 characters).',
  'operator-too-long': 'That staff ID is too long (2 to 16 characters).',
} as const;
