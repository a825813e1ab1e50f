import { useState } from 'react';
import { Button, Input, View } from '@tarojs/components';
import { whileBusy } from '@/components/button-state';
import './index.css';

export interface CouponCodeInputProps {
  /** What was typed, as it is (the page checks and normalises it). */
  onCode: (raw: string) => void;
  busy?: boolean;
}

/** A coupon code or member code typed by hand: the printed code under the QR. */
export function CouponCodeInput({ onCode, busy }: CouponCodeInputProps) {
  const [value, setValue] = useState('');
  const submit = () => {
    if (!busy) onCode(value);
  };
  return (
    <View className="code-input">
      <Input
        className="field code-input__field"
        data-testid="scan-code-input"
        placeholder="输入券码或会员码"
        value={value}
        maxlength={20}
        confirmType="search"
        onInput={(event) => setValue(event.detail.value.toUpperCase())}
        onConfirm={submit}
      />
      <Button className="btn btn--ghost code-input__button" data-testid="scan-lookup" {...whileBusy(Boolean(busy))} onClick={submit}>
        查询
      </Button>
    </View>
  );
}
