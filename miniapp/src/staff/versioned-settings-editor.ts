import { useRef, useState } from 'react';
import { ApiError, errorText } from '@/api/errors';

/** A problem per place on the form ('form' for the whole of it), in Chinese. */
export type PlaceErrors = Record<string, string>;

/** Why the last save did not happen; `conflict` offers 重新加载 instead of trying again. */
export type SaveFailure = { text: string; conflict: boolean };

/** The fields an edit sets, or how to work them out from the form as it stands (for edits of one row of a list). */
export type FormUpdate<Form> = Partial<Form> | ((previous: Form) => Partial<Form>);

export type VersionedSettingsEditorOptions<Stored, Form, Valid extends { ok: true }> = {
  /** What the server holds: the form starts from it (the page remounts the editor on every new version). */
  stored: Stored;
  /** Supervisors read: nothing changes and nothing is saved. */
  readOnly: boolean;
  toForm: (stored: Stored) => Form;
  /** Checks the form on the phone first, so the server is asked only with what it should take. */
  validate: (values: Form) => Valid | { ok: false; errors: PlaceErrors };
  /** Saves what `validate` let through, with the version read (a stale one is 409 CONFLICT). */
  save: (valid: Valid, values: Form) => Promise<Stored>;
  onSaved: (next: Stored) => void;
  /** Maps the server's VALIDATION_FAILED issues back onto the form's places. */
  issuesToErrors: (issues: ApiError['issues']) => PlaceErrors;
  /** Said when someone else saved first, e.g. 发送设置已被他人修改，请重新加载后再改. */
  conflictText: string;
  /** The text for a failed save that is not a conflict, when the server's problems say it better than the error's own text. */
  failureText?: (problems: PlaceErrors) => string | undefined;
};

/**
 * The state of an admin's editor over settings stored with a version (发送设置, 时令日历): the form's
 * values, the problems by place, why the last save failed, and a lock while saving so a double tap
 * saves once.
 */
export function useVersionedSettingsEditor<Stored, Form, Valid extends { ok: true }>(
  options: VersionedSettingsEditorOptions<Stored, Form, Valid>,
) {
  const { stored, readOnly, toForm } = options;
  const [values, setValues] = useState<Form>(() => toForm(stored));
  const [errors, setErrors] = useState<PlaceErrors>({});
  const [failure, setFailure] = useState<SaveFailure | null>(null);
  const [busy, setBusy] = useState(false);
  // State lags a render behind: a second tap in the same frame must still see the first save running.
  const busyRef = useRef(false);
  const locked = readOnly || busy;

  /**
   * Applies an edit (ignored while locked) and forgets the problems it may have settled: those for which
   * `settled` holds. The failure of the last save is forgotten too unless `keepFailure`.
   */
  const edit = (update: FormUpdate<Form>, settled: (place: string) => boolean, { keepFailure = false } = {}) => {
    if (locked) return;
    setValues((previous) => ({ ...previous, ...(typeof update === 'function' ? update(previous) : update) }));
    setErrors((previous) => Object.fromEntries(Object.entries(previous).filter(([place]) => !settled(place))));
    if (!keepFailure) setFailure(null);
  };
  /** Applies an edit to the given places: their problems, the form-wide one and the last failure are forgotten. */
  const change = (update: FormUpdate<Form>, ...places: string[]) => edit(update, (place) => places.includes(place) || place === 'form');

  const submit = async () => {
    if (busyRef.current || readOnly) return;
    const checked = options.validate(values);
    if (!checked.ok) {
      setErrors(checked.errors);
      setFailure({ text: '请检查标红的项目', conflict: false });
      return;
    }
    setErrors({});
    setFailure(null);
    busyRef.current = true;
    setBusy(true);
    try {
      options.onSaved(await options.save(checked as Valid, values));
    } catch (error) {
      const problems = error instanceof ApiError && error.code === 'VALIDATION_FAILED' ? options.issuesToErrors(error.issues) : {};
      setErrors(problems);
      const conflict = error instanceof ApiError && error.code === 'CONFLICT';
      setFailure({ text: conflict ? options.conflictText : (options.failureText?.(problems) ?? errorText(error)), conflict });
    } finally {
      busyRef.current = false;
      setBusy(false);
    }
  };

  return { values, errors, failure, busy, locked, edit, change, submit };
}
