import { useEffect, useRef, useState } from 'react';
import { Button, Input, Text, View } from '@tarojs/components';
import type { GoodsStatus, StaffGoodsRedemption, StaffGoodsRedemptionDetail } from '@linli/shared/mall';
import { getGoodsRedemption, handOverGoodsRedemption, listGoodsRedemptions, shipGoodsRedemption } from '@/api/linli';
import { errorText } from '@/api/errors';
import { disabledWhen, whileBusy } from '@/components/button-state';
import { FULFILMENT_ZH, goodsStatusText } from '@/format/mall';
import { formatShanghaiDateTime } from '@/format/time';
import { addressLine } from '@/platform/address';
import { exportGoodsRedemptionsCsv } from '@/staff/redemptions-export';
import '@/staff/pages/staff.css';
import { StaffFrame } from '@/staff/staff-frame';
import { ActionNotice, FilterChips, StaffList, useStaffList, type Notice } from '@/staff/staff-list';

const FILTERS: ReadonlyArray<{ value: GoodsStatus | 'all'; label: string }> = [
  { value: 'all', label: '全部' },
  { value: 'pending', label: '待处理' },
  { value: 'shipped', label: '已发货' },
  { value: 'picked_up', label: '已自提' },
];

/** 兑换订单: goods redemptions to ship or hand over, for every staff role. */
export default function RedemptionsPage() {
  return (
    <StaffFrame title="兑换订单">
      <RedemptionsContent />
    </StaffFrame>
  );
}

function RedemptionsContent() {
  const [status, setStatus] = useState<GoodsStatus | 'all'>('pending');
  const [typed, setTyped] = useState('');
  const [query, setQuery] = useState('');
  const filter = { status: status === 'all' ? undefined : status, q: query || undefined };
  const list = useStaffList((cursor?: string) => listGoodsRedemptions(filter, cursor), [status, query]);
  const [open, setOpen] = useState<string | null>(null);
  const [notice, setNotice] = useState<Notice | null>(null);
  const [exporting, setExporting] = useState(false);

  const exportCsv = async () => {
    if (exporting) return;
    setExporting(true);
    setNotice(null);
    try {
      await exportGoodsRedemptionsCsv(filter);
    } catch {
      setNotice({ text: '导出失败，请重试', ok: false });
    } finally {
      setExporting(false);
    }
  };

  return (
    <StaffList
      list={list}
      filters={
        <>
          <FilterChips name="redemptions-filter" options={FILTERS} chosen={status} onChoose={setStatus} />
          <View className="redemptions-search">
            <Input
              className="field redemptions-search__input"
              data-testid="redemptions-search"
              placeholder="手机尾号 4 位、昵称或兑换单号"
              value={typed}
              maxlength={30}
              onInput={(event) => setTyped(event.detail.value)}
              onConfirm={() => setQuery(typed.trim())}
            />
            <Button
              className="btn btn--ghost redemptions-search__button"
              data-testid="redemptions-search-submit"
              onClick={() => setQuery(typed.trim())}
            >
              搜索
            </Button>
            <Button
              className="btn btn--plain redemptions-search__button"
              data-testid="redemptions-export"
              {...whileBusy(exporting)}
              onClick={exportCsv}
            >
              导出
            </Button>
          </View>
        </>
      }
      notice={<ActionNotice notice={notice} testId={notice?.ok ? 'redemption-saved' : 'redemption-error'} />}
      empty={query ? '没有找到相符的兑换订单' : '暂无兑换订单'}
      rowKey={(item) => item.redemptionNo}
      row={(item) => (
        <RedemptionRow
          item={item}
          open={open === item.redemptionNo}
          onToggle={() => setOpen(open === item.redemptionNo ? null : item.redemptionNo)}
          onDone={(text) => {
            setOpen(null);
            setNotice({ text, ok: true });
            void list.refresh();
          }}
        />
      )}
    />
  );
}

function RedemptionRow(props: { item: StaffGoodsRedemption; open: boolean; onToggle: () => void; onDone: (text: string) => void }) {
  const { item } = props;
  const pending = item.status === 'pending';
  return (
    <View className="staff-row redemption" data-testid="redemption" data-redemption-no={item.redemptionNo}>
      <View className="staff-row__head">
        <Text className="staff-row__name">{item.rewardName}</Text>
        <Text className={`staff-reward__status ${pending ? '' : 'staff-reward__status--off'}`} data-testid="redemption-status">
          {goodsStatusText(item.status, item.fulfilment)}
        </Text>
      </View>
      <Text className="redemption__line">
        兑换单号 {item.redemptionNo} · {FULFILMENT_ZH[item.fulfilment]} · {item.points} 积分
      </Text>
      <Text className="redemption__line">
        {item.buyerNickname ?? '会员'} {item.buyerPhoneMasked ?? ''} · {formatShanghaiDateTime(item.redeemedAt)}
      </Text>
      {item.address && <Text className="redemption__line">收货：{addressLine(item.address)}</Text>}
      {item.pickupPlace && <Text className="redemption__line">自提：{item.pickupPlace}</Text>}
      {item.status === 'shipped' && (
        <Text className="redemption__line" data-testid="redemption-tracking">
          {item.carrier} {item.trackingNo} · {item.shippedAt ? formatShanghaiDateTime(item.shippedAt) : ''} {item.handledBy ?? ''}
        </Text>
      )}
      {item.status === 'picked_up' && item.handedOverAt && (
        <Text className="redemption__line">
          领取于 {formatShanghaiDateTime(item.handedOverAt)} {item.handledBy ?? ''}
        </Text>
      )}
      {pending && !props.open && (
        <View className="staff-reward__actions">
          <Button className="btn btn--primary staff-reward__action" data-testid="redemption-open" onClick={props.onToggle}>
            {item.fulfilment === 'delivery' ? '发货' : '确认自提'}
          </Button>
        </View>
      )}
      {pending && props.open && <ActionPanel item={item} onCancel={props.onToggle} onDone={props.onDone} />}
    </View>
  );
}

/** 发货 (the full address, then carrier and tracking number) or 确认自提. */
function ActionPanel({ item, onCancel, onDone }: { item: StaffGoodsRedemption; onCancel: () => void; onDone: (text: string) => void }) {
  const [detail, setDetail] = useState<StaffGoodsRedemptionDetail | null>(null);
  const [carrier, setCarrier] = useState('');
  const [trackingNo, setTrackingNo] = useState('');
  const [failure, setFailure] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const busyRef = useRef(false);
  const delivery = item.fulfilment === 'delivery';

  // The shipping detail (the whole phone number) is read only when someone is about to ship.
  useEffect(() => {
    if (delivery) void getGoodsRedemption(item.redemptionNo).then(setDetail, (error: unknown) => setFailure(errorText(error)));
  }, [delivery, item.redemptionNo]);

  const run = async (action: () => Promise<unknown>, done: string) => {
    if (busyRef.current) return;
    busyRef.current = true;
    setBusy(true);
    setFailure(null);
    try {
      await action();
      onDone(done);
    } catch (error) {
      setFailure(errorText(error));
    } finally {
      busyRef.current = false;
      setBusy(false);
    }
  };

  const ship = () => {
    if (!carrier.trim() || !/^[A-Za-z0-9-]{4,40}$/.test(trackingNo.trim())) {
      setFailure('请填写快递公司和运单号（字母、数字）');
      return;
    }
    void run(
      () => shipGoodsRedemption(item.redemptionNo, { carrier: carrier.trim(), trackingNo: trackingNo.trim() }),
      `兑换单 ${item.redemptionNo} 已发货`,
    );
  };

  return (
    <View className="redemption__panel" data-testid="redemption-panel">
      {delivery ? (
        <>
          {detail?.address && (
            <Text className="redemption__line redemption__line--strong" data-testid="redemption-full-address" selectable>
              {detail.address.recipient} {detail.addressPhone} {detail.address.province}
              {detail.address.city}
              {detail.address.district}
              {detail.address.detail}
              {detail.address.postalCode ? ` ${detail.address.postalCode}` : ''}
            </Text>
          )}
          <Input
            className="field redemption__input"
            data-testid="redemption-carrier"
            placeholder="快递公司，如 顺丰速运"
            maxlength={20}
            value={carrier}
            onInput={(event) => setCarrier(event.detail.value)}
          />
          <Input
            className="field redemption__input"
            data-testid="redemption-tracking-no"
            placeholder="运单号"
            maxlength={40}
            value={trackingNo}
            onInput={(event) => setTrackingNo(event.detail.value)}
          />
          <Button className="btn btn--primary" data-testid="redemption-ship" {...whileBusy(busy)} onClick={ship}>
            确认发货
          </Button>
        </>
      ) : (
        <Button
          className="btn btn--primary"
          data-testid="redemption-hand-over"
          {...whileBusy(busy)}
          onClick={() => void run(() => handOverGoodsRedemption(item.redemptionNo), `兑换单 ${item.redemptionNo} 已自提`)}
        >
          会员已领取
        </Button>
      )}
      {failure && (
        <Text className="notice notice--error" data-testid="redemption-panel-error">
          {failure}
        </Text>
      )}
      <Button className="btn btn--plain" data-testid="redemption-cancel" {...disabledWhen(busy)} onClick={onCancel}>
        取消
      </Button>
    </View>
  );
}
