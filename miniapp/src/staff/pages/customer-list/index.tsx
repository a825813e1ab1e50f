import { useRef, useState } from 'react';
import Taro, { usePullDownRefresh, useReachBottom } from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import { BANDS, LIFECYCLE_STAGES, LIFECYCLE_STAGE_NAMES, RFM_CLASSES, RFM_CLASS_NAMES, RISK_BAND_NAMES } from '@linli/shared/insight';
import type { SegmentMember } from '@linli/shared/segments';
import { listCustomers, type CustomerListFilter } from '@/api/segments';
import { listTagCatalog } from '@/api/linli';
import { isForbidden } from '@/api/errors';
import { usePagedList } from '@/hooks/usePagedList';
import { useReloadOnChange } from '@/hooks/page-refresh';
import { useResource } from '@/hooks/useResource';
import { EmptyState, ErrorState, Forbidden, ListFooter, Loading } from '@/components/state';
import { asOfText, customerCountText } from '@/format/segments';
import { activeFilterCount, LAST_ORDER_WINDOWS, toggleFilterValue, type ListFilterKey } from '@/staff/customer-filter';
import { ChipGroup, DayRange } from '@/staff/segment-controls';
import { SegmentMemberRow, segmentMemberColumns, useTiers } from '@/staff/segment-members';
import { openCustomer } from '@/staff/segment-pages';
import { StaffFrame, useDesktop } from '@/staff/staff-frame';
import { StaffTable } from '@/staff/staff-table';
import '@/staff/pages/staff.css';

/** 客户列表 (every staff role): joined members newest first, filtered by what customer insight knows of them. */
export default function CustomerListPage() {
  return (
    <StaffFrame title="客户列表">
      <CustomerListContent />
    </StaffFrame>
  );
}

interface Summary {
  count: number | null;
  asOf: string | null;
}

function CustomerListContent() {
  const desktop = useDesktop();
  const [filter, setFilter] = useState<CustomerListFilter>({});
  const [panelOpen, setPanelOpen] = useState(false);
  const [summary, setSummary] = useState<Summary>({ count: null, asOf: null });
  const { tiers, tierName } = useTiers();
  const filterRef = useRef(filter);
  filterRef.current = filter;
  // The count and day come with a first page; only the latest first page may set them.
  const firstPages = useRef(0);
  const list = usePagedList(async (cursor?: string) => {
    const mine = cursor ? firstPages.current : ++firstPages.current;
    const page = await listCustomers(filterRef.current, cursor);
    if (!cursor && mine === firstPages.current) setSummary({ count: page.count, asOf: page.asOf });
    return page;
  });

  useReloadOnChange(list.refresh, [JSON.stringify(filter)]);
  useReachBottom(() => void list.loadMore());
  usePullDownRefresh(async () => {
    await list.refresh();
    Taro.stopPullDownRefresh();
  });

  if (list.state.status === 'error' && isForbidden(list.state.error)) return <Forbidden />;
  const filtered = activeFilterCount(filter) > 0;
  const toggle = (key: ListFilterKey, value: string) => setFilter((current) => toggleFilterValue(current, key, value));
  const showPanel = desktop || panelOpen;

  return (
    <View className="page customer-list" data-testid="customer-list">
      <View className="segment-toolbar">
        {!desktop && (
          <Text
            className={`segment-chip ${filtered ? 'segment-chip--on' : ''}`}
            data-testid="customer-filter-toggle"
            onClick={() => setPanelOpen(!panelOpen)}
          >
            {filtered ? `筛选（${activeFilterCount(filter)}）` : '筛选'} {panelOpen ? '▲' : '▼'}
          </Text>
        )}
        {filtered && (
          <Text className="segment-link" data-testid="customer-filter-clear" onClick={() => setFilter({})}>
            清除筛选
          </Text>
        )}
      </View>
      {showPanel && (
        <View className="card segment-filters" data-testid="customer-filters">
          <ChipGroup
            title="生命周期"
            testId="filter-stage"
            options={LIFECYCLE_STAGES.map((value) => ({ value, label: LIFECYCLE_STAGE_NAMES[value] }))}
            chosen={filter.stage}
            onToggle={(value) => toggle('stage', value)}
          />
          <ChipGroup
            title="RFM 分类"
            testId="filter-rfm"
            options={RFM_CLASSES.map((value) => ({ value, label: RFM_CLASS_NAMES[value] }))}
            chosen={filter.rfmClass}
            onToggle={(value) => toggle('rfmClass', value)}
          />
          <ChipGroup
            title="流失风险"
            testId="filter-risk"
            options={BANDS.map((value) => ({ value, label: RISK_BAND_NAMES[value] }))}
            chosen={filter.riskBand}
            onToggle={(value) => toggle('riskBand', value)}
          />
          {tiers.length > 0 && (
            <ChipGroup
              title="会员等级"
              testId="filter-tier"
              options={tiers.map((tier) => ({ value: tier.code, label: tier.name }))}
              chosen={filter.tier}
              onToggle={(value) => toggle('tier', value)}
            />
          )}
          <TagFilter chosen={filter.tag} onToggle={(value) => toggle('tag', value)} />
          <View className="segment-filter">
            <Text className="segment-filter__title">最近购买</Text>
            <View className="segment-chips">
              {LAST_ORDER_WINDOWS.map((days) => (
                <Text
                  key={days ?? 'any'}
                  className={`segment-chip ${filter.lastOrderWithinDays === days ? 'segment-chip--on' : ''}`}
                  data-testid={`filter-last-order-${days ?? 'any'}`}
                  onClick={() => setFilter(({ lastOrderWithinDays: _, ...rest }) => (days ? { ...rest, lastOrderWithinDays: days } : rest))}
                >
                  {days ? `${days}天内` : '不限'}
                </Text>
              ))}
            </View>
          </View>
          <View className="segment-filter">
            <Text className="segment-filter__title">加入日期</Text>
            <DayRange
              from={filter.joinedFrom}
              to={filter.joinedTo}
              onChange={(from, to) =>
                setFilter(({ joinedFrom: _from, joinedTo: _to, ...rest }) => ({
                  ...rest,
                  ...(from ? { joinedFrom: from } : {}),
                  ...(to ? { joinedTo: to } : {}),
                }))
              }
            />
          </View>
        </View>
      )}
      <View className="segment-summary">
        {filtered && summary.count !== null && (
          <Text className="segment-summary__count" data-testid="customer-count">
            {customerCountText(summary.count)}
          </Text>
        )}
        <Text className="muted" data-testid="customer-as-of">
          {asOfText(summary.asOf)}
        </Text>
      </View>

      {list.state.status === 'loading' ? (
        <Loading rows={6} />
      ) : list.state.status === 'error' ? (
        <ErrorState message={list.state.message} onRetry={() => void list.refresh()} />
      ) : list.state.items.length === 0 ? (
        <EmptyState text={filtered ? '没有符合条件的客户' : '还没有会员'} />
      ) : (
        <>
          {desktop ? (
            <StaffTable<SegmentMember>
              testId="customer-table"
              rows={list.state.items}
              columns={segmentMemberColumns(tierName)}
              rowKey={(member) => member.memberId}
              rowProps={() => ({ 'data-testid': 'segment-member' })}
              onRowClick={openCustomer}
            />
          ) : (
            list.state.items.map((member) => <SegmentMemberRow key={member.memberId} member={member} tierName={tierName} />)
          )}
          <ListFooter
            status={list.state.footer}
            onRetry={() => void list.loadMore()}
            onMore={desktop ? () => void list.loadMore() : undefined}
          />
        </>
      )}
    </View>
  );
}

/** The shop's tags, most carried first; none until a tag is given. */
function TagFilter({ chosen, onToggle }: { chosen: readonly string[] | undefined; onToggle: (tag: string) => void }) {
  const catalog = useResource(listTagCatalog);
  if (catalog.state.status !== 'ready' || catalog.state.data.items.length === 0) return null;
  return (
    <ChipGroup
      title="标签"
      testId="filter-tag"
      options={catalog.state.data.items.slice(0, 30).map((entry) => ({ value: entry.tag, label: `${entry.tag}（${entry.memberCount}）` }))}
      chosen={chosen}
      onToggle={onToggle}
    />
  );
}
