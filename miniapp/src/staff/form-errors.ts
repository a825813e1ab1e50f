/**
 * How staff forms hold their problems: by the place each shows under (a field's dotted path, or 'form' for the
 * whole form), one text per place. The editors of surveys, care rules and 拼团 campaigns share these rules.
 */
export type FormErrors = Record<string, string>;

/**
 * The server's VALIDATION_FAILED issues by where they show, the first per place winning: `place` turns an issue's
 * path (split on dots) into the place it shows under and the text shown there.
 */
export function errorsByPlace(
  issues: ReadonlyArray<{ path: string; message: string }>,
  place: (parts: string[], issue: { path: string; message: string }) => [string, string],
): FormErrors {
  const errors: FormErrors = {};
  for (const issue of issues) {
    const [key, text] = place(
      issue.path.split('.').filter((part) => part !== ''),
      issue,
    );
    errors[key] ??= text;
  }
  return errors;
}

/** The errors once the field at `key` has been edited: its problem, those of the places under it and the form's no longer apply. */
export function withoutError<T extends FormErrors>(errors: T, key: string): T {
  const stale = Object.keys(errors).filter((place) => place === key || place.startsWith(`${key}.`) || place === 'form');
  if (stale.length === 0) return errors;
  return Object.fromEntries(Object.entries(errors).filter(([place]) => !stale.includes(place))) as T;
}

/** A whole number typed in a field (at most nine digits, spaces around allowed), or null. */
export function wholeNumber(text: string): number | null {
  const trimmed = text.trim();
  return /^\d{1,9}$/.test(trimmed) ? Number(trimmed) : null;
}
