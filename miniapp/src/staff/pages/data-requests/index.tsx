import { useState } from 'react';
import Taro from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import {
  DATA_REQUEST_DEADLINE_DAYS,
  DATA_REQUEST_KIND_ZH,
  DATA_REQUEST_STATUS_ZH,
  DATA_REQUEST_SUBJECT_ZH,
  type StaffDataRequestQuery,
  type StaffDataRequestSummary,
} from '@linli/shared/data-requests';
import { listStaffDataRequests } from '@/api/data-requests';
import { answerTimeText, dueDayText } from '@/format/data-requests';
import { formatShanghaiDateTime } from '@/format/time';
import '@/staff/pages/staff.css';
import { StaffFrame } from '@/staff/staff-frame';
import { FilterChips, StaffList, useStaffList } from '@/staff/staff-list';
import type { StaffTableColumn } from '@/staff/staff-table';
import '@/staff/pages/complaints/complaints.css';
import './data-requests.css';

type Status = StaffDataRequestQuery['status'];

const TABS: ReadonlyArray<{ value: Status; label: string; empty: string }> = [
  { value: 'open', label: '待处理', empty: '暂无待处理的数据请求' },
  { value: 'submitted', label: DATA_REQUEST_STATUS_ZH.submitted, empty: '暂无新提交的数据请求' },
  { value: 'in_progress', label: DATA_REQUEST_STATUS_ZH.in_progress, empty: '暂无处理中的数据请求' },
  { value: 'done', label: DATA_REQUEST_STATUS_ZH.done, empty: '暂无已答复的数据请求' },
  { value: 'refused', label: DATA_REQUEST_STATUS_ZH.refused, empty: '暂无已拒绝的数据请求' },
];

/** 数据请求 (admins): what buyers asked about their personal data, soonest due first, overdue marked 已超期. */
export default function StaffDataRequestsPage() {
  return (
    <StaffFrame title="数据请求">
      <StaffDataRequestsContent />
    </StaffFrame>
  );
}

function StaffDataRequestsContent() {
  const [status, setStatus] = useState<Status>('open');
  // Read again on the way back from a detail too: a request answered there has left the open list.
  const list = useStaffList((cursor?: string) => listStaffDataRequests(status, cursor), [status]);

  return (
    <StaffList
      list={list}
      forbidden="数据请求仅限管理员处理"
      filters={
        <>
          <Text className="muted data-requests__rule">{`会员的个人信息请求须在提交后 ${DATA_REQUEST_DEADLINE_DAYS} 天内答复；拒绝时须填写原因，会员可以看到。`}</Text>
          <FilterChips name="data-requests-tab" options={TABS} chosen={status} onChoose={setStatus} />
        </>
      }
      empty={TABS.find((entry) => entry.value === status)!.empty}
      rowKey={(row) => row.dataRequestId}
      row={(row) => <RequestRow row={row} />}
      table={{
        testId: 'data-requests-table',
        columns: COLUMNS,
        rowProps: (row) => ({ 'data-testid': 'data-request-row', 'data-id': row.dataRequestId }),
        onRowClick: openRequest,
      }}
    />
  );
}

const openRequest = (row: StaffDataRequestSummary) =>
  Taro.navigateTo({ url: `/staff/pages/data-requests/detail/index?id=${encodeURIComponent(row.dataRequestId)}` });

const kindText = (row: StaffDataRequestSummary) =>
  `${DATA_REQUEST_KIND_ZH[row.kind]}${row.subject ? ` · ${DATA_REQUEST_SUBJECT_ZH[row.subject]}` : ''}`;

function StatusBadge({ row }: { row: StaffDataRequestSummary }) {
  return (
    <Text className={`desk-status data-request-status data-request-status--${row.status}`} data-testid="data-request-status">
      {DATA_REQUEST_STATUS_ZH[row.status]}
    </Text>
  );
}

function DueText({ row }: { row: StaffDataRequestSummary }) {
  return (
    <Text className={`desk-sla data-request-due ${row.overdue ? 'desk-sla--breached' : 'desk-sla--ok'}`} data-testid="data-request-due">
      {row.overdue ? `已超期 · 应于${dueDayText(row.dueDate)}前答复` : answerTimeText(row)}
    </Text>
  );
}

// The API orders the open list by due day, a page at a time: sorting by a column orders the rows loaded so far.
const COLUMNS: StaffTableColumn<StaffDataRequestSummary>[] = [
  { key: 'kind', label: '类型', sortValue: kindText, render: kindText },
  { key: 'status', label: '状态', sortValue: (row) => row.status, render: (row) => <StatusBadge row={row} /> },
  { key: 'due', label: '答复期限', sortValue: (row) => row.dueDate, render: (row) => <DueText row={row} /> },
  { key: 'handler', label: '处理人', sortValue: (row) => row.handler?.name ?? null, render: (row) => row.handler?.name ?? '未领取' },
  { key: 'filed', label: '提交时间', sortValue: (row) => row.filedAt, render: (row) => formatShanghaiDateTime(row.filedAt) },
];

function RequestRow({ row }: { row: StaffDataRequestSummary }) {
  return (
    <View
      className="staff-row data-request-row"
      data-testid="data-request-row"
      data-id={row.dataRequestId}
      onClick={() => void openRequest(row)}
    >
      <View className="staff-row__head">
        <Text className="staff-row__name">{kindText(row)}</Text>
        <StatusBadge row={row} />
      </View>
      <View className="staff-row__figures">
        <DueText row={row} />
        <Text>{row.handler ? `处理人：${row.handler.name}` : '未领取'}</Text>
      </View>
      <Text className="data-requests__filed">提交于 {formatShanghaiDateTime(row.filedAt)}</Text>
    </View>
  );
}
