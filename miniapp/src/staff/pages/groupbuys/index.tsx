import Taro, { usePullDownRefresh } from '@tarojs/taro';
import { Button, Text, View } from '@tarojs/components';
import type { GroupBuyCampaign } from '@linli/shared/groupbuy';
import { listGroupBuyCampaigns } from '@/api/staff-groupbuy';
import { isForbidden } from '@/api/errors';
import { loadSession } from '@/api/session';
import { useResource } from '@/hooks/useResource';
import { useRefreshOnReturn } from '@/hooks/page-refresh';
import { EmptyState, ErrorState, Forbidden, Loading } from '@/components/state';
import { formatFen } from '@/format/money';
import { openGroupBuyCampaign, openGroupBuyFulfilments, openGroupBuyInsight, openGroupBuyOrders } from '@/staff/groupbuy-pages';
import {
  campaignPriceText,
  campaignStatusText,
  campaignStatusTone,
  campaignWindowText,
  groupsText,
  groupTermsText,
  stockText,
} from '@/staff/groupbuy-words';
import { StaffFrame, useDesktop } from '@/staff/staff-frame';
import { StaffTable, type StaffTableColumn } from '@/staff/staff-table';
import '@/staff/pages/staff.css';
import '@/staff/segments.css';
import '@/staff/care.css';
import '@/staff/groupbuy.css';

/** 拼团活动 (supervisors read, admins create): every campaign with its state, price, stock and groups. */
export default function GroupBuysPage() {
  return (
    <StaffFrame title="拼团活动">
      <GroupBuysContent />
    </StaffFrame>
  );
}

const FORBIDDEN_TEXT = '拼团活动仅限主管和管理员使用';

function GroupBuysContent() {
  const canEdit = (loadSession()?.roles ?? []).includes('admin');
  const campaigns = useResource(listGroupBuyCampaigns);
  const desktop = useDesktop();

  useRefreshOnReturn(() => void campaigns.reload());
  usePullDownRefresh(async () => {
    await campaigns.reload();
    Taro.stopPullDownRefresh();
  });

  if (campaigns.state.status === 'loading') return <Loading rows={4} />;
  if (campaigns.state.status === 'error') {
    return isForbidden(campaigns.state.error) ? (
      <Forbidden text={FORBIDDEN_TEXT} />
    ) : (
      <ErrorState message={campaigns.state.message} onRetry={() => void campaigns.reload()} />
    );
  }
  const now = new Date();
  const items = campaigns.state.data.items;
  return (
    <View className="page groupbuys" data-testid="groupbuys">
      {canEdit && (
        <Button className="btn btn--primary staff-add groupbuy-new" data-testid="groupbuy-new" onClick={() => openGroupBuyCampaign()}>
          新建活动
        </Button>
      )}
      <Button
        className="btn btn--plain staff-add groupbuy-fulfilments-link"
        data-testid="groupbuy-fulfilments-link"
        onClick={openGroupBuyFulfilments}
      >
        发货清单
      </Button>
      {items.length === 0 && (
        <EmptyState text="还没有拼团活动。新建一个：设好商品、拼团价和成团人数，发布后会员即可开团，邀请好友一起买。" />
      )}
      {desktop ? (
        <StaffTable
          testId="groupbuys-table"
          rows={items}
          columns={columnsAt(now)}
          rowKey={(campaign) => campaign.campaignId}
          rowProps={() => ({ 'data-testid': 'groupbuy-row' })}
          onRowClick={(campaign) => openGroupBuyCampaign(campaign.campaignId)}
        />
      ) : (
        items.map((campaign) => <CampaignRow key={campaign.campaignId} campaign={campaign} now={now} />)
      )}
    </View>
  );
}

function StatusBadge({ campaign, now }: { campaign: GroupBuyCampaign; now: Date }) {
  const text = campaignStatusText(campaign, now);
  return (
    <Text
      className={`care-state groupbuy-status ${campaignStatusTone(text) === 'on' ? 'care-state--on' : ''}`}
      data-testid="groupbuy-status"
    >
      {text}
    </Text>
  );
}

function CampaignRow({ campaign, now }: { campaign: GroupBuyCampaign; now: Date }) {
  const { definition } = campaign;
  return (
    <View className="staff-row groupbuy-row" data-testid="groupbuy-row" onClick={() => openGroupBuyCampaign(campaign.campaignId)}>
      <View className="staff-row__head">
        <Text className="staff-row__name groupbuy-name" data-testid="groupbuy-name">
          {definition.name}
        </Text>
        <StatusBadge campaign={campaign} now={now} />
      </View>
      <Text className="groupbuy-row__line groupbuy-price" data-testid="groupbuy-price">
        {`${definition.product.name} · ${campaignPriceText(definition)}`}
      </Text>
      <Text className="groupbuy-row__line muted">{groupTermsText(definition)}</Text>
      <View className="staff-row__figures groupbuy-figures">
        <Text className="groupbuy-stock" data-testid="groupbuy-stock">
          {stockText(campaign.stock)}
        </Text>
        <Text className="groupbuy-groups" data-testid="groupbuy-groups">
          {groupsText(campaign.groups)}
        </Text>
      </View>
      <Text className="groupbuy-row__line muted">{campaignWindowText(definition)}</Text>
      <CampaignLinks campaign={campaign} />
    </View>
  );
}

/**
 * 查看订单 (the campaign's orders) and 活动数据 (its figures); a draft has neither yet. A tap on one
 * does not open the editor too.
 */
function CampaignLinks({ campaign }: { campaign: GroupBuyCampaign }) {
  if (campaign.status === 'draft') return null;
  return (
    <View className="groupbuy-links">
      <Text
        className="segment-action groupbuy-open-orders"
        data-testid="groupbuy-open-orders"
        onClick={(event) => {
          event.stopPropagation();
          openGroupBuyOrders(campaign.campaignId);
        }}
      >
        查看订单
      </Text>
      <Text
        className="segment-action groupbuy-open-insight"
        data-testid="groupbuy-open-insight"
        onClick={(event) => {
          event.stopPropagation();
          openGroupBuyInsight(campaign.campaignId);
        }}
      >
        活动数据
      </Text>
    </View>
  );
}

const columnsAt = (now: Date): StaffTableColumn<GroupBuyCampaign>[] => [
  {
    key: 'name',
    label: '活动',
    wide: true,
    sortValue: (campaign) => campaign.definition.name,
    render: (campaign) => (
      <View className="care-table-name">
        <Text className="care-table-name__text">{campaign.definition.name}</Text>
        <StatusBadge campaign={campaign} now={now} />
      </View>
    ),
  },
  { key: 'product', label: '商品', render: (campaign) => campaign.definition.product.name },
  {
    key: 'price',
    label: '拼团价',
    numeric: true,
    sortValue: (campaign) => campaign.definition.product.groupPriceFen,
    render: (campaign) => formatFen(campaign.definition.product.groupPriceFen),
  },
  { key: 'size', label: '成团', render: (campaign) => `${campaign.definition.groupSize} 人团` },
  {
    key: 'left',
    label: '剩余',
    numeric: true,
    sortValue: (campaign) => campaign.stock.left,
    render: (campaign) => String(campaign.stock.left),
  },
  {
    key: 'sold',
    label: '已售',
    numeric: true,
    descFirst: true,
    sortValue: (campaign) => campaign.stock.sold,
    render: (campaign) => String(campaign.stock.sold),
  },
  { key: 'groups', label: '团', wide: true, render: (campaign) => groupsText(campaign.groups) },
  {
    key: 'window',
    label: '时间',
    wide: true,
    sortValue: (campaign) => campaign.definition.startsAt,
    render: (campaign) => campaignWindowText(campaign.definition),
  },
  { key: 'links', label: '订单与数据', wide: true, render: (campaign) => <CampaignLinks campaign={campaign} /> },
];
