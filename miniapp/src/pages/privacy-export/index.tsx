import { useRef, useState } from 'react';
import Taro, { usePullDownRefresh } from '@tarojs/taro';
import { Button, Text, View } from '@tarojs/components';
import {
  DATA_EXPORT_KEEP_HOURS,
  DATA_EXPORT_KIND_DETAIL_ZH,
  DATA_EXPORT_KIND_ZH,
  DATA_EXPORT_KINDS,
  DATA_EXPORT_LINK_MINUTES,
  DATA_EXPORT_STATUS_ZH,
  type DataExport,
  type DataExportList,
} from '@linli/shared/data-export';
import { listMyDataExports, requestDataExport } from '@/api/linli';
import { errorText } from '@/api/errors';
import { newRequestId } from '@/api/request-id';
import { useResource, type ResourceState } from '@/hooks/useResource';
import { EmptyState, ErrorState, Loading } from '@/components/state';
import { disabledClass, disabledWhen, whileBusy } from '@/components/button-state';
import { formatShanghaiDateTime } from '@/format/time';
import { platform } from '@/platform';
import './index.css';

/** 导出我的数据 (from 隐私中心): what a copy holds, asking for one (once a day), and downloading it. */
export default function PrivacyExportPage() {
  const exports = useResource(listMyDataExports);
  const [busy, setBusy] = useState(false);
  // One id per request the member means: a retry after a failed call reuses it, so it asks once.
  const requestId = useRef(newRequestId());

  usePullDownRefresh(async () => {
    await exports.reload();
    Taro.stopPullDownRefresh();
  });

  const ask = async () => {
    setBusy(true);
    try {
      await requestDataExport(requestId.current);
      requestId.current = newRequestId();
      void Taro.showToast({ title: '已提交，生成后可在下方下载', icon: 'none' });
      await exports.reload();
    } catch (error) {
      void Taro.showToast({ title: errorText(error), icon: 'none' });
      await exports.reload();
    } finally {
      setBusy(false);
    }
  };

  return (
    <View className="page export-page">
      <View className="card">
        <Text className="card__title">你的数据副本</Text>
        <Text className="export-page__intro">
          我们会把本店保存的你的个人信息整理成文件：一份完整的 JSON 文件（便于其他服务读取），以及每类数据一份 CSV 表格（可用 Excel 或 WPS
          打开）。
        </Text>
        <View className="export-kinds">
          {DATA_EXPORT_KINDS.map((kind) => (
            <View key={kind} className="export-kinds__row" data-testid="export-kind">
              <Text className="export-kinds__name">{DATA_EXPORT_KIND_ZH[kind]}</Text>
              <Text className="export-kinds__detail">{DATA_EXPORT_KIND_DETAIL_ZH[kind]}</Text>
            </View>
          ))}
        </View>
        <Text className="muted">
          每天可申请一次。文件生成后保留 {DATA_EXPORT_KEEP_HOURS} 小时，下载链接 {DATA_EXPORT_LINK_MINUTES}{' '}
          分钟内有效，过期后刷新本页即可获取新链接。
        </Text>
        <RequestButton state={exports.state} busy={busy} onAsk={() => void ask()} />
      </View>
      <ExportList state={exports.state} onRetry={() => void exports.reload()} />
    </View>
  );
}

function RequestButton({ state, busy, onAsk }: { state: ResourceState<DataExportList>; busy: boolean; onAsk: () => void }) {
  const nextRequestAt = state.status === 'ready' ? state.data.nextRequestAt : null;
  const blocked = state.status !== 'ready' || nextRequestAt !== null;
  return (
    <View className="export-request">
      <Button
        className={`btn btn--primary export-request__button ${disabledClass(blocked && !busy)}`}
        data-testid="export-request"
        {...(busy ? whileBusy(true) : disabledWhen(blocked))}
        onClick={onAsk}
      >
        申请导出
      </Button>
      {nextRequestAt && (
        <Text className="muted export-request__reason" data-testid="export-request-reason">
          今天已申请过，{formatShanghaiDateTime(nextRequestAt)} 后可再次申请
        </Text>
      )}
    </View>
  );
}

function ExportList({ state, onRetry }: { state: ResourceState<DataExportList>; onRetry: () => void }) {
  if (state.status === 'loading') return <Loading rows={2} />;
  if (state.status === 'error') return <ErrorState message={state.message} onRetry={onRetry} />;
  if (state.data.items.length === 0) return <EmptyState text="还没有导出记录" />;
  return (
    <View className="export-list">
      {state.data.items.map((item) => (
        <ExportCard key={item.exportId} item={item} />
      ))}
    </View>
  );
}

const STATUS_NOTE: Record<DataExport['status'], string> = {
  queued: '已排队，通常几分钟内生成完毕，下拉可刷新',
  building: '正在生成，下拉可刷新',
  ready: '',
  failed: '生成失败，请明天再次申请或联系客服',
  expired: '文件已过期删除，如需请重新申请',
};

function ExportCard({ item }: { item: DataExport }) {
  return (
    <View className={`card export-card export-card--${item.status}`} data-testid="export-item" data-status={item.status}>
      <View className="export-card__head">
        <Text className="export-card__time">申请于 {formatShanghaiDateTime(item.requestedAt)}</Text>
        <Text className="export-card__status" data-testid="export-status">
          {DATA_EXPORT_STATUS_ZH[item.status]}
        </Text>
      </View>
      {item.status === 'ready' ? (
        <>
          {item.expiresAt && <Text className="muted">可下载至 {formatShanghaiDateTime(item.expiresAt)}</Text>}
          {item.files.map((file) => (
            <View key={file.name} className="export-file" data-testid="export-file">
              <Text className="export-file__label">{file.label}</Text>
              <platform.DownloadLink
                url={file.url}
                fileName={file.name}
                format={file.format}
                className="btn btn--ghost export-file__action"
              >
                {file.format === 'photo' ? '查看' : '下载'}
              </platform.DownloadLink>
            </View>
          ))}
        </>
      ) : (
        <Text className="muted">{STATUS_NOTE[item.status]}</Text>
      )}
    </View>
  );
}
