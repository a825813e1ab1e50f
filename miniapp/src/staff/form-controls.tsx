import type { ReactNode } from 'react';
import { Input, Text, View } from '@tarojs/components';
import { disabledWhen } from '@/components/button-state';

/*
 * The small controls the staff editors (关怀计划's rule editor, the survey builder) lay their forms out
 * with: a labelled row with its problem under it, a number inside words, one choice of a few as chips.
 * Styles are the care editor's (care.css).
 */

/** A problem under a field, in Chinese. */
export function ErrorText({ text, testId = 'care-rule-field-error' }: { text: string; testId?: string }) {
  return (
    <Text className={`care-error ${testId}`} data-testid={testId}>
      {text}
    </Text>
  );
}

/** A labelled row: the label, the field, and the field's problem when it has one. */
export function FieldRow({
  label,
  error,
  errorTestId,
  children,
}: {
  label: string;
  error?: string;
  errorTestId?: string;
  children: ReactNode;
}) {
  return (
    <View className="care-row">
      <Text className="care-row__label">{label}</Text>
      {children}
      {error && <ErrorText text={error} testId={errorTestId} />}
    </View>
  );
}

/** A number inside words, e.g. 提前 [3] 天发送; the input is `<idPrefix>-<name>` to tests. */
export function NumberLine(props: {
  idPrefix: string;
  name: string;
  prefix: string;
  unit: string;
  value: string;
  readOnly: boolean;
  placeholder?: string;
  onInput: (value: string) => void;
}) {
  return (
    <View className="care-line">
      <Text className="care-words">{props.prefix}</Text>
      <Input
        className={`field care-input--short ${props.idPrefix}--${props.name}`}
        data-testid={`${props.idPrefix}-${props.name}`}
        type="number"
        placeholder={props.placeholder}
        value={props.value}
        {...disabledWhen(props.readOnly)}
        onInput={(event) => props.onInput(event.detail.value)}
      />
      <Text className="care-words">{props.unit}</Text>
    </View>
  );
}

/** One choice of a few, as chips; chips of a read-only form do nothing (the change handler ignores them). */
export function Chips(props: {
  testId: string;
  options: ReadonlyArray<{ value: string; label: string }>;
  chosen: string;
  onChoose: (value: string) => void;
}) {
  return (
    <View className={`segment-chips ${props.testId}`} data-testid={props.testId}>
      {props.options.map((option) => (
        <Text
          key={option.value}
          className={`segment-chip ${props.testId}-${option.value || 'none'} ${props.chosen === option.value ? 'segment-chip--on' : ''}`}
          data-testid={`${props.testId}-${option.value || 'none'}`}
          onClick={() => props.onChoose(option.value)}
        >
          {option.label}
        </Text>
      ))}
    </View>
  );
}
