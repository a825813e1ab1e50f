import { useMemo } from 'react';
import { Image, Text, View } from '@tarojs/components';
import { formatMemberCode } from '@linli/shared/member-code';
import { qrDataUrl } from './qr';
import './index.css';

/** The member code as a QR for the till, with the code printed below for typing by hand. */
export function MemberQr({ memberCode }: { memberCode: string }) {
  const src = useMemo(() => qrDataUrl(memberCode), [memberCode]);
  return (
    <View className="member-qr">
      <Image
        className="member-qr__image"
        data-testid="member-qr"
        src={src}
        mode="aspectFit"
        ariaLabel={`会员码 ${formatMemberCode(memberCode)}`}
      />
      <Text className="member-qr__code" data-testid="member-code" selectable>
        {formatMemberCode(memberCode)}
      </Text>
    </View>
  );
}
