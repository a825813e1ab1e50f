/** "MM-DD" or "YYYY-MM-DD" → "3月8日" (the year, if any, is not shown). */
export function formatBirthday(birthday: string): string {
  const match = /^(?:\d{4}-)?(\d{2})-(\d{2})$/.exec(birthday);
  if (!match) return birthday;
  return `${Number(match[1])}月${Number(match[2])}日`;
}

/**
 * The date picker yields YYYY-MM-DD; only MM-DD is kept, because birthday greetings need no
 * more and personal data is minimised (PIPL).
 */
export function birthdayFromPicker(pickerValue: string): string {
  const match = /^\d{4}-(\d{2}-\d{2})$/.exec(pickerValue);
  if (!match) throw new RangeError(`Not a picker date: ${pickerValue}`);
  return match[1]!;
}
