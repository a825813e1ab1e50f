import { useState } from 'react';
import Taro from '@tarojs/taro';
import { Button, Input, Text, View } from '@tarojs/components';
import { MEMBER_SEARCH_LIMIT, type MemberSearchHit } from '@linli/shared/customers';
import { searchMembers } from '@/api/linli';
import { isForbidden } from '@/api/errors';
import { useResource } from '@/hooks/useResource';
import { useReloadOnChange } from '@/hooks/page-refresh';
import { EmptyState, ErrorState, Forbidden, Loading } from '@/components/state';
import { lastOrderText, searchMatchText } from '@/format/customers';
import { StaffFrame, useDesktop } from '@/staff/staff-frame';
import { StaffTable, type StaffTableColumn } from '@/staff/staff-table';
import '@/staff/pages/staff.css';
import './index.css';

/** 客户查询: find a customer by nickname, phone's last four, 会员码 or order, then open their 客户画像. */
export default function CustomerSearchPage() {
  return (
    <StaffFrame title="客户查询">
      <CustomerSearchContent />
    </StaffFrame>
  );
}

/** The search box's longest input: the API's limit (an openid is the longest thing one pastes). */
const QUERY_MAX = 128;

function CustomerSearchContent() {
  const [typed, setTyped] = useState('');
  const [query, setQuery] = useState('');
  // Nothing to ask before the first search: the page opens on its hint.
  const result = useResource(() => (query ? searchMembers(query) : Promise.resolve(null)));
  const desktop = useDesktop();
  useReloadOnChange(result.reload, [query]);

  const submit = () => setQuery(typed.trim());

  return (
    <View className="page customers-page">
      <View className="redemptions-search">
        <Input
          className="field redemptions-search__input"
          data-testid="customer-search-input"
          placeholder="昵称、手机尾号 4 位、会员码或订单号"
          value={typed}
          maxlength={QUERY_MAX}
          confirmType="search"
          onInput={(event) => setTyped(event.detail.value)}
          onConfirm={submit}
        />
        <Button className="btn btn--primary redemptions-search__button" data-testid="customer-search-submit" onClick={submit}>
          搜索
        </Button>
      </View>

      {result.state.status === 'loading' ? (
        <Loading rows={3} />
      ) : result.state.status === 'error' ? (
        isForbidden(result.state.error) ? (
          <Forbidden />
        ) : (
          <ErrorState message={result.state.message} onRetry={() => void result.reload()} />
        )
      ) : result.state.data === null ? (
        <EmptyState text="输入昵称的任意几个字、手机尾号 4 位、会员码或订单号，查找客户" />
      ) : result.state.data.items.length === 0 ? (
        <EmptyState text="没有找到相符的客户，换个关键词试试" />
      ) : (
        <>
          {desktop ? (
            <StaffTable
              testId="customer-results-table"
              rows={result.state.data.items}
              columns={RESULT_COLUMNS}
              rowKey={(hit) => hit.memberId}
              rowProps={() => ({ 'data-testid': 'customer-result' })}
              onRowClick={openProfile}
            />
          ) : (
            result.state.data.items.map((hit) => <ResultRow key={hit.memberId} hit={hit} />)
          )}
          {result.state.data.more && (
            <Text className="customers-more" data-testid="customer-search-more">
              {`匹配的客户较多，只列出前 ${MEMBER_SEARCH_LIMIT} 位：请输入更完整的昵称`}
            </Text>
          )}
        </>
      )}
    </View>
  );
}

const openProfile = (hit: MemberSearchHit) =>
  Taro.navigateTo({ url: `/staff/pages/customer/index?id=${encodeURIComponent(hit.memberId)}` });

const RESULT_COLUMNS: StaffTableColumn<MemberSearchHit>[] = [
  { key: 'name', label: '昵称', sortValue: (hit) => hit.nickname, render: (hit) => hit.nickname ?? '未设置昵称', wide: true },
  { key: 'tier', label: '等级', sortValue: (hit) => hit.tier.name, render: (hit) => <Text className="staff-tier">{hit.tier.name}</Text> },
  { key: 'phone', label: '手机', render: (hit) => hit.phoneMasked ?? '未绑定手机' },
  { key: 'last', label: '最近下单', sortValue: (hit) => hit.lastOrderAt, render: (hit) => lastOrderText(hit.lastOrderAt) },
  { key: 'matched', label: '匹配', render: (hit) => searchMatchText(hit.matched) },
];

function ResultRow({ hit }: { hit: MemberSearchHit }) {
  return (
    <View className="staff-row" data-testid="customer-result" onClick={() => void openProfile(hit)}>
      <View className="staff-row__head">
        <Text className="staff-row__name">{hit.nickname ?? '未设置昵称'}</Text>
        <Text className="staff-tier">{hit.tier.name}</Text>
      </View>
      <Text className="staff-row__phone">{hit.phoneMasked ?? '未绑定手机'}</Text>
      <View className="staff-row__figures">
        <Text>{lastOrderText(hit.lastOrderAt)}</Text>
        <Text className="customers-matched">{searchMatchText(hit.matched)}</Text>
      </View>
    </View>
  );
}
