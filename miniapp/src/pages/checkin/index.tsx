import { useRef, useState } from 'react';
import Taro, { usePullDownRefresh } from '@tarojs/taro';
import { Button, Text, View } from '@tarojs/components';
import type { CheckinCalendar, CheckinResult } from '@linli/shared/points';
import { checkIn, getCheckinCalendar } from '@/api/linli';
import { ApiError, errorText } from '@/api/errors';
import { useResource } from '@/hooks/useResource';
import { useCareAskAtTap } from '@/hooks/subscribe-ask';
import { useReloadOnChange } from '@/hooks/page-refresh';
import { ErrorState, Loading } from '@/components/state';
import { disabledWhen, whileBusy } from '@/components/button-state';
import { formatMonthZh, monthGrid, monthOf, shiftMonth, WEEKDAY_LABELS_ZH } from '@/format/calendar';
import { checkinResultLines, checkinRuleLines } from '@/format/checkin';
import './index.css';

export default function CheckinPage() {
  // undefined: the current Asia/Shanghai month, as the server decides it.
  const [month, setMonth] = useState<string | undefined>(undefined);
  const calendar = useResource(() => getCheckinCalendar(month));
  const [result, setResult] = useState<CheckinResult | null>(null);
  const [failure, setFailure] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const busyRef = useRef(false);
  const askForCare = useCareAskAtTap();

  // The first load is useResource's own; later month changes fetch that month.
  useReloadOnChange(calendar.reload, [month]);

  usePullDownRefresh(async () => {
    await calendar.reload();
    Taro.stopPullDownRefresh();
  });

  if (calendar.state.status === 'loading') return <Loading rows={5} />;
  if (calendar.state.status === 'error') {
    const error = calendar.state.error;
    if (error instanceof ApiError && error.code === 'NOT_JOINED') return <NotJoined />;
    return <ErrorState message={calendar.state.message} onRetry={calendar.reload} />;
  }

  const data = calendar.state.data;
  // Right after a check-in the calendar is being fetched again; the result already tells the truth.
  const justCheckedIn = result !== null && result.date === data.today;
  const checkedInToday = data.checkedInToday || justCheckedIn;
  const streak = justCheckedIn && !data.checkedInToday ? result.streak : data.streak;

  const onCheckin = async () => {
    if (busyRef.current || checkedInToday) return;
    // The check-in tap is where WeChat lets us ask for caring messages the member has none left of;
    // the check-in never waits on the answer.
    void askForCare();
    busyRef.current = true;
    setBusy(true);
    setFailure(null);
    try {
      const answer = await checkIn();
      setResult(answer);
      const current = monthOf(answer.date);
      if (month === undefined || month === current) await calendar.reload();
      else setMonth(current);
    } catch (error) {
      setFailure(errorText(error));
    } finally {
      busyRef.current = false;
      setBusy(false);
    }
  };

  const shownMonth = month ?? data.month;
  const currentMonth = monthOf(data.today);
  const go = (delta: number) => () => {
    const target = shiftMonth(shownMonth, delta);
    if (target > currentMonth) return;
    setMonth(target);
  };

  return (
    <View className="page">
      <View className="checkin-hero">
        <Text className="checkin-hero__label">连续签到</Text>
        <View className="checkin-hero__streak">
          <Text className="checkin-hero__days" data-testid="checkin-streak">
            {streak}
          </Text>
          <Text className="checkin-hero__unit">天</Text>
        </View>
        <Button
          className={`btn checkin-hero__button ${checkedInToday ? 'checkin-hero__button--done' : ''}`}
          data-testid="checkin-button"
          {...(busy ? whileBusy(true) : disabledWhen(checkedInToday))}
          onClick={onCheckin}
        >
          {checkedInToday ? '今日已签到' : '签到'}
        </Button>
        {result && (
          <View className="checkin-result" data-testid="checkin-result">
            {checkinResultLines(result).map((line, index) => (
              <Text key={line} className={index === 0 ? 'checkin-result__main' : 'checkin-result__extra'}>
                {line}
              </Text>
            ))}
          </View>
        )}
        {failure && (
          <Text className="notice notice--error checkin-hero__error" data-testid="checkin-error">
            {failure}
          </Text>
        )}
      </View>

      <MonthCalendar
        data={data}
        extraDay={result && !result.alreadyCheckedIn ? result.date : null}
        switching={data.month !== shownMonth}
        canGoNext={shownMonth < currentMonth}
        onPrev={go(-1)}
        onNext={go(1)}
      />

      <View className="card checkin-rules">
        <Text className="card__title">签到规则</Text>
        <View className="checkin-rules__list" data-testid="checkin-rules">
          {checkinRuleLines(data.rules).map((line) => (
            <Text key={line} className="checkin-rules__item">
              {line}
            </Text>
          ))}
        </View>
        <Text className="muted checkin-rules__note">每天可签到一次，以北京时间为准；中断后连续天数重新计算。</Text>
      </View>
    </View>
  );
}

interface MonthCalendarProps {
  data: CheckinCalendar;
  /** A day just checked in that the (refreshing) calendar may not list yet. */
  extraDay: string | null;
  switching: boolean;
  canGoNext: boolean;
  onPrev: () => void;
  onNext: () => void;
}

function MonthCalendar({ data, extraDay, switching, canGoNext, onPrev, onNext }: MonthCalendarProps) {
  const checked = new Set(data.days);
  if (extraDay) checked.add(extraDay);
  return (
    <View className="card checkin-cal" data-testid="checkin-calendar">
      <View className="checkin-cal__nav">
        <Text className="checkin-cal__nav-button" data-testid="checkin-prev-month" onClick={onPrev}>
          ‹ 上个月
        </Text>
        <Text className="checkin-cal__month" data-testid="checkin-month">
          {formatMonthZh(data.month)}
        </Text>
        <Text
          className={`checkin-cal__nav-button ${canGoNext ? '' : 'checkin-cal__nav-button--disabled'}`}
          data-testid="checkin-next-month"
          onClick={canGoNext ? onNext : undefined}
        >
          下个月 ›
        </Text>
      </View>
      <View className="checkin-cal__row checkin-cal__weekdays">
        {WEEKDAY_LABELS_ZH.map((label) => (
          <Text key={label} className="checkin-cal__weekday">
            {label}
          </Text>
        ))}
      </View>
      <View className={`checkin-cal__grid ${switching ? 'checkin-cal__grid--switching' : ''}`}>
        {monthGrid(data.month).map((week, row) => (
          <View key={row} className="checkin-cal__row">
            {week.map((cell, column) => {
              if (!cell) return <View key={`blank-${column}`} className="checkin-cal__cell" />;
              const isChecked = checked.has(cell.date);
              const isToday = cell.date === data.today;
              const classes = ['checkin-cal__day'];
              if (isChecked) classes.push('checkin-cal__day--checked');
              if (isToday) classes.push('checkin-cal__day--today');
              if (cell.date > data.today) classes.push('checkin-cal__day--future');
              return (
                <View key={cell.date} className="checkin-cal__cell">
                  <View className={classes.join(' ')} data-testid={isChecked ? 'checkin-day-checked' : 'checkin-day'} data-date={cell.date}>
                    <Text className="checkin-cal__num">{cell.day}</Text>
                  </View>
                  {isToday && (
                    <Text className="checkin-cal__today" data-testid="checkin-today">
                      今天
                    </Text>
                  )}
                </View>
              );
            })}
          </View>
        ))}
      </View>
      {switching && <Text className="checkin-cal__loading">加载中…</Text>}
      <View className="checkin-cal__legend">
        <View className="checkin-cal__legend-dot checkin-cal__legend-dot--checked" />
        <Text className="muted">已签到</Text>
        <View className="checkin-cal__legend-dot checkin-cal__legend-dot--today" />
        <Text className="muted">今天</Text>
      </View>
    </View>
  );
}

function NotJoined() {
  return (
    <View className="state-box" data-testid="checkin-not-joined">
      <Text className="state-box__title">加入会员后即可签到</Text>
      <Text className="state-box__text">{errorText(new ApiError('NOT_JOINED', 409, 'not joined'))}</Text>
      <Button className="btn btn--primary state-box__action" onClick={() => Taro.navigateTo({ url: '/pages/join/index' })}>
        去加入
      </Button>
    </View>
  );
}
