import { useState } from 'react';
import Taro from '@tarojs/taro';
import { Button, Text, Textarea, View } from '@tarojs/components';
import {
  FOLLOW_UP_OUTCOMES,
  FOLLOW_UP_OUTCOME_NAMES,
  type FollowUpOutcome,
  type FollowUpTask,
  type FollowUpView,
} from '@linli/shared/surveys';
import type { DeskAgent } from '@linli/shared/complaints';
import { claimFollowUp, listFollowUps, recordFollowUpOutcome } from '@/api/follow-ups';
import { listDeskAgents } from '@/api/linli';
import { loadSession } from '@/api/session';
import { useResource } from '@/hooks/useResource';
import { disabledClass, disabledWhen, whileBusy } from '@/components/button-state';
import { FOLLOW_UP_TABS, followUpAssigneeText, followUpDueText, followUpReasonText, followUpStatusText } from '@/format/follow-ups';
import '@/staff/pages/staff.css';
import { StaffFrame } from '@/staff/staff-frame';
import { ActionNotice, FilterChips, StaffList, useRowActions, useStaffList, type RunRowAction as Run } from '@/staff/staff-list';
import '@/staff/pages/complaints/complaints.css';
import './follow-ups.css';

/** 回访任务: every unhappy survey answer becomes a task the desk claims and closes with an outcome. */
export default function StaffFollowUpsPage() {
  return (
    <StaffFrame title="回访任务">
      <StaffFollowUpsContent />
    </StaffFrame>
  );
}

function StaffFollowUpsContent() {
  const [view, setView] = useState<FollowUpView>('mine');
  const list = useStaffList((cursor?: string) => listFollowUps(view, cursor), [view]);
  const roles = loadSession()?.roles ?? [];
  const supervises = roles.includes('admin') || roles.includes('supervisor');
  // Supervisors and admins assign to the desk's active staff, as on the complaint desk.
  const agents = useResource(listDeskAgents, { enabled: supervises });
  const staff = supervises && agents.state.status === 'ready' ? agents.state.data.items : [];
  // A claimed or finished task moves between tabs; one someone else finished (or that is gone) means
  // the list on screen is out of date: either way the list is read again rather than patched.
  const { notice, busy, run, clearingNotice } = useRowActions(list.refresh, ['FOLLOW_UP_DONE', 'FOLLOW_UP_NOT_FOUND']);

  return (
    <StaffList
      list={list}
      filters={<FilterChips name="follow-up-tab" options={FOLLOW_UP_TABS} chosen={view} onChoose={clearingNotice(setView)} />}
      notice={<ActionNotice notice={notice} testId="follow-up-notice" className="follow-up-notice" />}
      empty={FOLLOW_UP_TABS.find((entry) => entry.value === view)!.empty}
      rowKey={(task) => task.taskId}
      row={(task) => (
        <TaskCard task={task} mayRecord={mayRecord(task, view, supervises)} staff={staff} busy={busy === task.taskId} run={run} />
      )}
    />
  );
}

/**
 * Whether the card offers 记录结果: supervisors and admins on any open task; agents on their own
 * (every task under 我的) and on unclaimed ones, which recording takes. The page does not know the
 * agent's own id, so an agent records their tasks from 我的; the server has the last word.
 */
function mayRecord(task: FollowUpTask, view: FollowUpView, supervises: boolean): boolean {
  return task.status === 'open' && (supervises || task.assigneeId === null || view === 'mine');
}

const openCustomer = (memberId: string) => Taro.navigateTo({ url: `/staff/pages/customer/index?id=${encodeURIComponent(memberId)}` });

function TaskCard({
  task,
  mayRecord,
  staff,
  busy,
  run,
}: {
  task: FollowUpTask;
  mayRecord: boolean;
  staff: readonly DeskAgent[];
  busy: boolean;
  run: Run;
}) {
  const [panel, setPanel] = useState<'assign' | 'outcome' | null>(null);
  const open = task.status === 'open';
  const due = followUpDueText(task);
  const others = staff.filter((member) => member.memberId !== task.assigneeId);
  const toggle = (which: 'assign' | 'outcome') => setPanel(panel === which ? null : which);
  return (
    <View className="staff-row follow-up" data-testid="follow-up" data-id={task.taskId}>
      <View className="staff-row__head">
        <Text className="staff-row__name follow-up__member" data-testid="follow-up-member" onClick={() => void openCustomer(task.memberId)}>
          {task.nickname ?? '未设置昵称'}
        </Text>
        <Text className={`desk-status follow-up__status follow-up__status--${task.status}`}>{followUpStatusText(task)}</Text>
      </View>
      <Text className="follow-up__survey">{task.surveyName}</Text>
      <Text className="follow-up__reason">{followUpReasonText(task)}</Text>
      {task.comment && <Text className="follow-up__comment">{`“${task.comment}”`}</Text>}
      <View className="staff-row__figures follow-up__figures">
        <Text className={`follow-up__due desk-sla desk-sla--${due.tone}`} data-testid="follow-up-due">
          {due.text}
        </Text>
        <Text className="follow-up__assignee">{`处理人：${followUpAssigneeText(task)}`}</Text>
      </View>
      {task.status === 'done' && task.outcomeNote && <Text className="follow-up__note">{`回访记录：${task.outcomeNote}`}</Text>}
      {open && (
        <View className="follow-up__actions">
          {task.assigneeId === null && (
            <Button
              className="btn btn--primary follow-up__claim"
              data-testid="follow-up-claim"
              {...whileBusy(busy)}
              onClick={() => void run(task.taskId, () => claimFollowUp(task.taskId), '已领取')}
            >
              领取
            </Button>
          )}
          {others.length > 0 && (
            <Button className="btn btn--ghost follow-up__assign-open" data-testid="follow-up-assign-open" onClick={() => toggle('assign')}>
              指派
            </Button>
          )}
          {mayRecord && (
            <Button className="btn btn--ghost follow-up__record-open" data-testid="follow-up-record-open" onClick={() => toggle('outcome')}>
              记录结果
            </Button>
          )}
        </View>
      )}
      {open && panel === 'assign' && <AssignPicker task={task} others={others} busy={busy} run={run} onDone={() => setPanel(null)} />}
      {open && panel === 'outcome' && <OutcomeForm task={task} busy={busy} run={run} />}
    </View>
  );
}

/** Hand the task to someone (supervisors and admins): pick a name, then 指派给TA. */
function AssignPicker({
  task,
  others,
  busy,
  run,
  onDone,
}: {
  task: FollowUpTask;
  others: readonly DeskAgent[];
  busy: boolean;
  run: Run;
  onDone: () => void;
}) {
  const [chosen, setChosen] = useState<string | null>(null);
  const assign = async () => {
    if (!chosen) return;
    const name = others.find((member) => member.memberId === chosen)?.name ?? '';
    if (await run(task.taskId, () => claimFollowUp(task.taskId, chosen), `已指派给${name}`)) onDone();
  };
  return (
    <View className="follow-up__panel follow-up-assign" data-testid="follow-up-assign">
      <View className="desk-chips">
        {others.map((member) => (
          <Text
            key={member.memberId}
            className={`desk-chip follow-up-assign__option ${chosen === member.memberId ? 'desk-chip--on' : ''}`}
            data-testid="follow-up-assign-option"
            onClick={() => setChosen(member.memberId)}
          >
            {member.name}
          </Text>
        ))}
      </View>
      <Button
        className={`btn btn--ghost follow-up-assign__send ${disabledClass(!chosen || busy)}`}
        data-testid="follow-up-assign-send"
        {...disabledWhen(!chosen)}
        {...whileBusy(busy)}
        onClick={() => void assign()}
      >
        指派给TA
      </Button>
    </View>
  );
}

/** 记录结果: one outcome and a note, both required; the task is done once it is saved. */
function OutcomeForm({ task, busy, run }: { task: FollowUpTask; busy: boolean; run: Run }) {
  const [outcome, setOutcome] = useState<FollowUpOutcome | null>(null);
  const [note, setNote] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const submit = async () => {
    const text = note.trim();
    if (!outcome) return setProblem('请选择回访结果');
    if (!text) return setProblem('请填写回访记录');
    setProblem(null);
    await run(task.taskId, () => recordFollowUpOutcome(task.taskId, { outcome, note: text }), '回访结果已记录');
  };
  return (
    <View className="follow-up__panel follow-up-outcome" data-testid="follow-up-outcome">
      <View className="desk-chips">
        {FOLLOW_UP_OUTCOMES.map((value) => (
          <Text
            key={value}
            className={`desk-chip follow-up-outcome__option follow-up-outcome--${value} ${outcome === value ? 'desk-chip--on' : ''}`}
            data-testid={`follow-up-outcome-${value}`}
            onClick={() => setOutcome(value)}
          >
            {FOLLOW_UP_OUTCOME_NAMES[value]}
          </Text>
        ))}
      </View>
      <Textarea
        className="desk-textarea follow-up-outcome__note"
        data-testid="follow-up-outcome-note"
        placeholder="回访记录（必填）：沟通了什么，如何处理"
        maxlength={500}
        value={note}
        onInput={(event) => setNote(event.detail.value)}
      />
      {problem && (
        <Text className="notice notice--error follow-up-outcome__problem" data-testid="follow-up-outcome-problem">
          {problem}
        </Text>
      )}
      <Button
        className="btn btn--primary follow-up-outcome__submit"
        data-testid="follow-up-outcome-submit"
        {...whileBusy(busy)}
        onClick={() => void submit()}
      >
        保存并完成
      </Button>
    </View>
  );
}
