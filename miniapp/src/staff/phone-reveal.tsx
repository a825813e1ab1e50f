import { useState } from 'react';
import { Button, Input, Text, View } from '@tarojs/components';
import { revealMemberPhone } from '@/api/audit';
import { errorText } from '@/api/errors';
import { whileBusy } from '@/components/button-state';

const REASON_MIN = 4;

/**
 * 查看完整号码 (supervisors, admins): the whole number only after a stated reason, which the audit log
 * records with who asked and when before the number is answered. Others see the masked number only.
 */
export function PhoneReveal({ memberId, masked, mayReveal }: { memberId: string; masked: string; mayReveal: boolean }) {
  const [asking, setAsking] = useState(false);
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);
  const [phone, setPhone] = useState<string | null>(null);

  const reveal = async () => {
    if (busy) return;
    if (reason.trim().length < REASON_MIN) {
      setFailure(`请说明查看原因（至少 ${REASON_MIN} 个字）`);
      return;
    }
    setBusy(true);
    setFailure(null);
    try {
      const answer = await revealMemberPhone(memberId, reason.trim());
      setPhone(answer.phone ?? '未绑定');
      setAsking(false);
    } catch (error) {
      setFailure(errorText(error));
    } finally {
      setBusy(false);
    }
  };

  return (
    <View className="phone-reveal" data-testid="phone-reveal">
      <Text className="customer-row__value customer-phone" data-testid="customer-phone" selectable={phone !== null}>
        {phone ?? masked}
      </Text>
      {phone !== null && <Text className="customer-row__note phone-reveal__audited">已记录到审计日志</Text>}
      {mayReveal && phone === null && !asking && (
        <Text className="link phone-reveal__open" data-testid="phone-reveal-open" onClick={() => setAsking(true)}>
          查看完整号码
        </Text>
      )}
      {asking && (
        <View className="phone-reveal__form">
          <Input
            className="field phone-reveal__reason"
            data-testid="phone-reveal-reason"
            placeholder="查看原因，如：核对收件人"
            maxlength={200}
            value={reason}
            onInput={(event) => setReason(event.detail.value)}
          />
          {failure && (
            <Text className="notice notice--error phone-reveal__error" data-testid="phone-reveal-error">
              {failure}
            </Text>
          )}
          <Button
            className="btn btn--primary phone-reveal__confirm"
            data-testid="phone-reveal-confirm"
            {...whileBusy(busy)}
            onClick={() => void reveal()}
          >
            确认查看
          </Button>
          <Text className="link" onClick={() => setAsking(false)}>
            取消
          </Text>
        </View>
      )}
    </View>
  );
}
