// Taro's H5 web components reflect disabled={false} / loading={false} as attributes, and their
// CSS matches [disabled] / [loading] by presence, so an enabled button would look disabled.
// Pass these props only when they are true.

/** Props for a button whose action is running: disabled, with a spinner. */
export function whileBusy(busy: boolean): { disabled?: true; loading?: true } {
  return busy ? { disabled: true, loading: true } : {};
}

/** Props for a control that cannot be used right now. */
export function disabledWhen(disabled: boolean | undefined): { disabled?: true } {
  return disabled ? { disabled: true } : {};
}
