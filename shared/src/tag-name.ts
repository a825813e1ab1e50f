import * as z from 'zod';

/** Control characters and line breaks: never in a name or a one-line field. */
export const CONTROL_CHARACTERS = /[\p{Cc}\u2028\u2029]/u;

/** The longest tag, in characters (an emoji counts once): a chip on a phone row. */
export const TAG_MAX_CHARS = 12;
/**
 * A tag's name as staff type it: trimmed, runs of spaces made one, 1–12 characters, no control
 * characters (line breaks and tabs included) and no slash (it travels in a URL path).
 */
export const TagName = z
  .string()
  .transform((value) => value.trim().replace(/ {2,}/g, ' '))
  .pipe(
    z
      .string()
      .min(1, 'Empty tag')
      .refine((value) => [...value].length <= TAG_MAX_CHARS, `At most ${TAG_MAX_CHARS} characters`)
      .refine((value) => !CONTROL_CHARACTERS.test(value), 'No control characters or line breaks')
      .refine((value) => !/[/\\]/.test(value), 'No slashes'),
  );

/** Why a tag name is refused, in Chinese for the person typing it; null when it is fine. */
export function tagNameProblem(raw: string): string | null {
  const parsed = TagName.safeParse(raw);
  if (parsed.success) return null;
  const value = raw.trim();
  if (!value) return '请输入标签';
  if ([...value].length > TAG_MAX_CHARS) return `标签最多 ${TAG_MAX_CHARS} 个字`;
  return '标签不能包含换行、斜杠等特殊字符';
}
