import { useRef, useState } from 'react';
import Taro from '@tarojs/taro';
import { Button, Text, View } from '@tarojs/components';
import type * as z from 'zod';
import type { StaffCouponView } from '@linli/shared/mall';
import { findStaffMemberByCode, getStaffCoupon, markStaffCouponUsed } from '@/api/linli';
import { normalizeMemberCode } from '@linli/shared/member-code';
import { ApiError, errorText, isForbidden } from '@/api/errors';
import { platform } from '@/platform';
import { Forbidden } from '@/components/state';
import { whileBusy } from '@/components/button-state';
import { COUPON_STATUS_ZH, FULFILMENT_ZH, couponTermsText, normalizeCouponCode } from '@/format/mall';
import { formatShanghaiDate, formatShanghaiDateTime } from '@/format/time';
import { StaffFrame } from '@/staff/staff-frame';
import '@/staff/pages/staff.css';

type StaffCoupon = z.infer<typeof StaffCouponView>;

export default function StaffScanPage() {
  return (
    <StaffFrame title="核销优惠券">
      <StaffScanContent />
    </StaffFrame>
  );
}

function StaffScanContent() {
  const [coupon, setCoupon] = useState<StaffCoupon | null>(null);
  const [used, setUsed] = useState<StaffCoupon | null>(null);
  const [failure, setFailure] = useState<string | null>(null);
  const [forbidden, setForbidden] = useState(false);
  const [busy, setBusy] = useState(false);
  const busyRef = useRef(false);

  /** Runs one call at a time; a failure is shown under the coupon. */
  const run = async (call: () => Promise<void>) => {
    if (busyRef.current) return;
    busyRef.current = true;
    setBusy(true);
    setFailure(null);
    try {
      await call();
    } catch (error) {
      if (isForbidden(error)) setForbidden(true);
      setFailure(errorText(error));
    } finally {
      busyRef.current = false;
      setBusy(false);
    }
  };

  const lookUp = (raw: string) => {
    setUsed(null);
    // The member's QR (or the 8 characters under it) opens the member; a coupon's 12 characters open the coupon.
    const memberCode = normalizeMemberCode(raw);
    if (memberCode) {
      setCoupon(null);
      void run(async () => {
        const member = await findStaffMemberByCode(memberCode);
        await Taro.navigateTo({ url: `/staff/pages/member/index?id=${encodeURIComponent(member.memberId)}` });
      });
      return;
    }
    const code = normalizeCouponCode(raw);
    if (!code) {
      setCoupon(null);
      setFailure('不是有效的券码（12 位）或会员码（8 位）');
      return;
    }
    void run(async () => {
      setCoupon(null);
      setCoupon(await getStaffCoupon(code));
    });
  };

  const use = () => {
    if (!coupon) return;
    void run(async () => {
      try {
        const answer = await markStaffCouponUsed(coupon.code);
        setCoupon(answer);
        setUsed(answer);
      } catch (error) {
        // Used at another till or expired meanwhile: show the coupon as it is now, then say why.
        if (error instanceof ApiError && (error.code === 'COUPON_ALREADY_USED' || error.code === 'COUPON_EXPIRED')) {
          setCoupon(await getStaffCoupon(coupon.code).catch(() => coupon));
        }
        throw error;
      }
    });
  };

  if (forbidden) return <Forbidden />;

  return (
    <View className="page">
      <View className="card">
        <Text className="card__title">券码 / 会员码</Text>
        <platform.CouponCodeCapture onCode={lookUp} busy={busy} />
      </View>

      {failure && (
        <Text className="notice notice--error scan-error" data-testid="scan-error">
          {failure}
        </Text>
      )}

      {used && (
        <View className="scan-used" data-testid="scan-used">
          <Text className="scan-used__title">核销成功</Text>
          <Text className="scan-used__text">
            {used.name} · {used.usedAt ? formatShanghaiDateTime(used.usedAt) : ''}
          </Text>
        </View>
      )}

      {coupon && <ScannedCoupon coupon={coupon} busy={busy} justUsed={used !== null} onUse={use} />}
    </View>
  );
}

function ScannedCoupon({ coupon, busy, justUsed, onUse }: { coupon: StaffCoupon; busy: boolean; justUsed: boolean; onUse: () => void }) {
  const terms = coupon.terms ? couponTermsText(coupon.terms) : coupon.fulfilment ? `实物礼品 · ${FULFILMENT_ZH[coupon.fulfilment]}` : '—';
  const rows: Array<[string, string]> = [
    ['券码', coupon.code],
    ['券面', terms],
    ['持券人', `${coupon.memberNickname ?? '未设置昵称'} ${coupon.memberPhoneMasked ?? '（未绑定手机）'}`],
    ['状态', COUPON_STATUS_ZH[coupon.status]],
    coupon.status === 'used' && coupon.usedAt
      ? ['使用时间', formatShanghaiDateTime(coupon.usedAt)]
      : ['有效期至', formatShanghaiDate(coupon.validUntil)],
  ];
  return (
    <View className="card scan-coupon" data-testid="scan-coupon">
      <View className="scan-coupon__head">
        <Text className="scan-coupon__name">{coupon.name}</Text>
        <Text className={`scan-coupon__status scan-coupon__status--${coupon.status}`} data-testid="scan-coupon-status">
          {COUPON_STATUS_ZH[coupon.status]}
        </Text>
      </View>
      <View className="scan-coupon__rows">
        {rows.map(([label, value]) => (
          <View key={label} className="scan-coupon__row">
            <Text className="scan-coupon__label">{label}</Text>
            <Text className="scan-coupon__value">{value}</Text>
          </View>
        ))}
      </View>
      {coupon.status === 'unused' ? (
        <Button className="btn btn--primary" data-testid="scan-use" {...whileBusy(busy)} onClick={onUse}>
          确认核销
        </Button>
      ) : (
        !justUsed && (
          <Text className="notice notice--error scan-coupon__unusable" data-testid="scan-coupon-unusable">
            {coupon.status === 'used' ? '该券已使用，不能再次核销' : '该券已过期，不能核销'}
          </Text>
        )
      )}
    </View>
  );
}
