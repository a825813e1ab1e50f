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

/**
 * The class that keeps a disabled button's label readable in both builds (app.css .btn--disabled):
 * WeChat greys a disabled button and Taro's H5 button turns its label white, which on a ghost
 * button is white on white. Use it beside `disabledWhen` for a button that waits on a choice.
 */
export function disabledClass(disabled: boolean | undefined): string {
  return disabled ? 'btn--disabled' : '';
}
