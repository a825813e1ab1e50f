import { useMemo, useRef, useState } from 'react';
import Taro, { usePullDownRefresh } from '@tarojs/taro';
import { Button, Image, Input, Picker, Text, View } from '@tarojs/components';
import type { StaffRole } from '@linli/shared/auth';
import type { CreatedInvitation, InvitationView, TeamMember, TeamMemberChange } from '@linli/shared/staff';
import { changeTeamMember, createInvitation, listPendingInvitations, listTeam, revokeInvitation } from '@/api/linli';
import { errorText, isForbidden } from '@/api/errors';
import { useResource, type ResourceState } from '@/hooks/useResource';
import { EmptyState, ErrorState, Forbidden, Loading } from '@/components/state';
import { disabledWhen, whileBusy } from '@/components/button-state';
import { qrDataUrl } from '@/components/member-qr/qr';
import { STAFF_ROLE_HINT_ZH, STAFF_ROLE_OPTIONS, STAFF_ROLE_ZH, formatInvitationCode } from '@/format/staff';
import { formatShanghaiDate, formatShanghaiDateTime } from '@/format/time';
import '@/staff/pages/staff.css';
import { StaffFrame, useDesktop } from '@/staff/staff-frame';
import { StaffTable, type StaffTableColumn } from '@/staff/staff-table';
import './index.css';

type Notice = { tone: 'ok' | 'error'; text: string } | null;

/** Asks before a change that takes effect at once; resolves to whether the admin confirmed. */
async function confirmed(title: string, content: string, confirmText: string): Promise<boolean> {
  try {
    return (await Taro.showModal({ title, content, confirmText, confirmColor: '#1f6f4a' })).confirm;
  } catch {
    return false;
  }
}

export default function StaffTeamPage() {
  return (
    <StaffFrame title="员工管理">
      <StaffTeamContent />
    </StaffFrame>
  );
}

/** 员工管理 (admins): the team with roles and status, inviting, and pending invitations. */
function StaffTeamContent() {
  const team = useResource(listTeam);
  const desktop = useDesktop();
  const invitations = useResource(listPendingInvitations);
  const [notice, setNotice] = useState<Notice>(null);
  const [created, setCreated] = useState<CreatedInvitation | null>(null);
  /** The openid or invitation id whose change is on its way: one change at a time. */
  const [busy, setBusy] = useState<string | null>(null);
  const busyRef = useRef(false);
  /** 在职 (the default) or 已停用: deactivated staff stay out of the way until asked for. */
  const [showing, setShowing] = useState<'active' | 'inactive'>('active');
  /** The member just deactivated or restored stays in view (with its new status) until the tab changes. */
  const [justChanged, setJustChanged] = useState<string | null>(null);

  usePullDownRefresh(async () => {
    await Promise.all([team.reload(), invitations.reload()]);
    Taro.stopPullDownRefresh();
  });

  if (team.state.status === 'loading') return <Loading rows={5} />;
  if (team.state.status === 'error') {
    return isForbidden(team.state.error) ? (
      <Forbidden text="员工管理仅限管理员使用" />
    ) : (
      <ErrorState message={team.state.message} onRetry={team.reload} />
    );
  }

  const members = team.state.data.items;
  const shown = members.filter((m) => m.active === (showing === 'active') || m.openid === justChanged);

  /** Runs one change, then shows its outcome; the team is reloaded either way (it may have moved). */
  const run = async (key: string, change: () => Promise<string>) => {
    if (busyRef.current) return;
    busyRef.current = true;
    setBusy(key);
    setNotice(null);
    try {
      setNotice({ tone: 'ok', text: await change() });
    } catch (error) {
      setNotice({ tone: 'error', text: errorText(error) });
    } finally {
      busyRef.current = false;
      setBusy(null);
    }
  };

  const change = (member: TeamMember, request: TeamMemberChange, done: string) =>
    run(member.openid, async () => {
      try {
        const saved = await changeTeamMember(member.openid, request);
        team.replace({ items: members.map((m) => (m.openid === saved.openid ? saved : m)) });
        setJustChanged(saved.openid);
        return done;
      } catch (error) {
        void team.reload();
        throw error;
      }
    });

  const onRole = async (member: TeamMember, role: StaffRole) => {
    if (role === member.role) return;
    if (!(await confirmed('修改角色', `将「${member.name}」的角色改为「${STAFF_ROLE_ZH[role]}」？立即生效。`, '修改'))) return;
    await change(member, { role }, `「${member.name}」已改为${STAFF_ROLE_ZH[role]}`);
  };

  const onActive = async (member: TeamMember) => {
    const activate = !member.active;
    const question = activate
      ? `恢复「${member.name}」的员工权限（${STAFF_ROLE_ZH[member.role]}）？`
      : `停用后「${member.name}」立即失去员工权限，之后可以恢复。`;
    if (!(await confirmed(activate ? '恢复员工' : '停用员工', question, activate ? '恢复' : '停用'))) return;
    await change(member, { active: activate }, `「${member.name}」已${activate ? '恢复' : '停用'}`);
  };

  const onRevoke = async (invitation: InvitationView) => {
    if (!(await confirmed('撤销邀请', `撤销给「${invitation.name}」的邀请？邀请码将立即失效。`, '撤销'))) return;
    await run(invitation.invitationId, async () => {
      invitations.replace(await revokeInvitation(invitation.invitationId));
      if (created?.invitationId === invitation.invitationId) setCreated(null);
      return `已撤销给「${invitation.name}」的邀请`;
    });
  };

  const rowProps = (member: TeamMember) => ({
    busy: busy === member.openid,
    locked: busy !== null,
    onRole: (role: StaffRole) => void onRole(member, role),
    onActive: () => void onActive(member),
  });

  const onCreated = (invitation: CreatedInvitation) => {
    setNotice(null);
    setCreated(invitation);
    void invitations.reload();
  };

  return (
    <View className="page team-page">
      {created ? <CreatedInvitationCard invitation={created} onDone={() => setCreated(null)} /> : <InviteForm onCreated={onCreated} />}
      {notice && (
        <Text className={`notice notice--${notice.tone} team-notice`} data-testid="team-notice">
          {notice.text}
        </Text>
      )}

      <Text className="team-section">团队成员</Text>
      <View className="team-tabs" data-testid="team-filter">
        {(['active', 'inactive'] as const).map((tab) => (
          <Text
            key={tab}
            className={`team-tab ${showing === tab ? 'team-tab--on' : ''}`}
            data-testid={`team-filter-${tab}`}
            onClick={() => {
              setShowing(tab);
              setJustChanged(null);
            }}
          >
            {tab === 'active' ? '在职' : '已停用'}（{members.filter((m) => m.active === (tab === 'active')).length}）
          </Text>
        ))}
      </View>
      {shown.length === 0 ? (
        <EmptyState text={members.length === 0 ? '还没有员工' : showing === 'active' ? '没有在职的员工' : '没有已停用的员工'} />
      ) : desktop ? (
        <TeamTable members={shown} rowProps={rowProps} />
      ) : (
        shown.map((member) => <TeamMemberRow key={member.openid} member={member} {...rowProps(member)} />)
      )}

      <Text className="team-section">待接受的邀请</Text>
      <PendingInvitations
        state={invitations.state}
        busy={busy}
        onRetry={invitations.reload}
        onRevoke={(invitation) => void onRevoke(invitation)}
      />
    </View>
  );
}

interface TeamMemberRowProps {
  member: TeamMember;
  busy: boolean;
  /** Another change is running. */
  locked: boolean;
  onRole: (role: StaffRole) => void;
  onActive: () => void;
}

function TeamMemberRow({ member, busy, locked, onRole, onActive }: TeamMemberRowProps) {
  return (
    <View
      className={`staff-row team-member ${member.active ? '' : 'team-member--inactive'}`}
      data-testid="team-member"
      data-openid={member.openid}
    >
      <View className="staff-row__head">
        <Text className="staff-row__name">{memberName(member)}</Text>
        <View className="team-member__badges">
          <RoleBadge member={member} />
          <StatusBadge member={member} />
        </View>
      </View>
      <Text className="team-member__meta">
        {formatShanghaiDate(member.since)} 加入{member.invitedBy ? ` · ${member.invitedBy} 邀请` : ''}
      </Text>
      <TeamMemberActions member={member} busy={busy} locked={locked} onRole={onRole} onActive={onActive} />
    </View>
  );
}

const memberName = (member: TeamMember) => `${member.name || '未命名'}${member.isSelf ? '（我）' : ''}`;

function RoleBadge({ member }: { member: TeamMember }) {
  return (
    <Text className={`team-role team-role--${member.role}`} data-testid="team-member-role">
      {STAFF_ROLE_ZH[member.role]}
    </Text>
  );
}

function StatusBadge({ member }: { member: TeamMember }) {
  return (
    <Text className={`team-status ${member.active ? '' : 'team-status--off'}`} data-testid="team-member-status">
      {member.active ? '在职' : '已停用'}
    </Text>
  );
}

function TeamMemberActions({ member, busy, locked, onRole, onActive }: TeamMemberRowProps) {
  if (member.isSelf) return <Text className="muted team-member__self">不能修改自己的角色或停用自己</Text>;
  const roleIndex = STAFF_ROLE_OPTIONS.findIndex((option) => option.role === member.role);
  return (
    <View className="team-member__actions">
      <Picker
        className="team-role-picker"
        mode="selector"
        range={STAFF_ROLE_OPTIONS.map((option) => option.label)}
        value={roleIndex}
        {...disabledWhen(locked)}
        onChange={(event) => {
          const option = STAFF_ROLE_OPTIONS[Number(event.detail.value)];
          if (option) onRole(option.role);
        }}
      >
        <View className="team-action" data-testid="team-member-role-picker">
          改角色
        </View>
      </Picker>
      <Button
        className="btn btn--ghost team-action-button"
        data-testid="team-member-toggle"
        {...(busy ? whileBusy(true) : disabledWhen(locked))}
        onClick={onActive}
      >
        {member.active ? '停用' : '恢复'}
      </Button>
    </View>
  );
}

/** The team as a sortable table (desktop browser): the same badges and actions as the phone's rows. */
function TeamTable({ members, rowProps }: { members: TeamMember[]; rowProps: (member: TeamMember) => Omit<TeamMemberRowProps, 'member'> }) {
  // The team comes in one answer, so sorting covers all of it.
  const columns: StaffTableColumn<TeamMember>[] = [
    { key: 'name', label: '姓名', sortValue: (m) => m.name, render: (m) => memberName(m) },
    { key: 'role', label: '角色', sortValue: (m) => STAFF_ROLE_ZH[m.role], render: (m) => <RoleBadge member={m} /> },
    { key: 'status', label: '状态', sortValue: (m) => (m.active ? 0 : 1), render: (m) => <StatusBadge member={m} /> },
    { key: 'since', label: '加入时间', sortValue: (m) => m.since, render: (m) => formatShanghaiDate(m.since) },
    { key: 'invitedBy', label: '邀请人', sortValue: (m) => m.invitedBy, render: (m) => m.invitedBy ?? '—' },
    { key: 'actions', label: '操作', wide: true, render: (m) => <TeamMemberActions member={m} {...rowProps(m)} /> },
  ];
  return (
    <StaffTable
      testId="team-table"
      rows={members}
      columns={columns}
      rowKey={(m) => m.openid}
      rowProps={(m) => ({ 'data-testid': 'team-member', 'data-openid': m.openid })}
    />
  );
}

function InviteForm({ onCreated }: { onCreated: (invitation: CreatedInvitation) => void }) {
  const [name, setName] = useState('');
  const [role, setRole] = useState<StaffRole>('agent');
  const [failure, setFailure] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async () => {
    if (busy) return;
    if (!name.trim()) {
      setFailure('请填写员工的称呼');
      return;
    }
    setBusy(true);
    setFailure(null);
    try {
      onCreated(await createInvitation({ name: name.trim(), role }));
    } catch (error) {
      setFailure(errorText(error));
    } finally {
      setBusy(false);
    }
  };

  return (
    <View className="card team-invite" data-testid="team-invite">
      <Text className="card__title">邀请员工</Text>
      <Input
        className="field team-invite__name"
        data-testid="team-invite-name"
        placeholder="员工称呼，如 陈晓（客服）"
        maxlength={20}
        value={name}
        onInput={(event) => {
          setName(event.detail.value);
          setFailure(null);
        }}
      />
      <View className="team-invite__roles">
        {STAFF_ROLE_OPTIONS.map((option) => (
          <Text
            key={option.role}
            className={`team-invite__role ${option.role === role ? 'team-invite__role--on' : ''}`}
            data-testid={`team-invite-role-${option.role}`}
            onClick={() => setRole(option.role)}
          >
            {option.label}
          </Text>
        ))}
      </View>
      <Text className="muted team-invite__hint">{STAFF_ROLE_HINT_ZH[role]}</Text>
      {failure && (
        <Text className="notice notice--error" data-testid="team-invite-error">
          {failure}
        </Text>
      )}
      <Button className="btn btn--primary" data-testid="team-invite-submit" {...whileBusy(busy)} onClick={submit}>
        生成邀请
      </Button>
    </View>
  );
}

/**
 * The new invitation's 小程序码, code and link: shown once, since the server keeps only the code's
 * hash. Without a 小程序码 (WeChat could not draw one) a plain QR of the path stands in.
 */
function CreatedInvitationCard({ invitation, onDone }: { invitation: CreatedInvitation; onDone: () => void }) {
  const wxaCode = invitation.wxaCode.status === 'ready' ? invitation.wxaCode.dataUrl : null;
  const fallbackQr = useMemo(() => (wxaCode ? null : qrDataUrl(invitation.path)), [wxaCode, invitation.path]);
  const copy = () => {
    Taro.setClipboardData({ data: invitation.path }).catch(() => undefined);
  };
  return (
    <View className="card team-created" data-testid="team-created">
      <Text className="card__title">邀请已生成</Text>
      <Text className="team-created__text">
        {wxaCode ? `请「${invitation.name}」用微信扫描下方小程序码` : `请把下方链接或邀请码发给「${invitation.name}」`}，以
        {STAFF_ROLE_ZH[invitation.role]}身份加入。
        {formatShanghaiDateTime(invitation.expiresAt)} 前有效，只能使用一次。
      </Text>
      {wxaCode ? (
        <Image
          className="team-created__qr team-created__qr--wxacode"
          data-testid="team-created-qr"
          data-kind="wxacode"
          src={wxaCode}
          mode="aspectFit"
          ariaLabel="邀请小程序码"
        />
      ) : (
        <>
          <Image
            className="team-created__qr"
            data-testid="team-created-qr"
            data-kind="text"
            src={fallbackQr ?? ''}
            mode="aspectFit"
            ariaLabel="邀请二维码"
          />
          <Text className="muted team-created__unavailable" data-testid="team-created-wxacode-unavailable">
            小程序码暂时无法生成，邀请照常有效：对方在小程序中打开链接或输入邀请码即可加入。
          </Text>
        </>
      )}
      <View className="scan-coupon__row team-created__row--code">
        <Text className="scan-coupon__label">邀请码</Text>
        <Text className="team-created__code" data-testid="team-created-code" selectable>
          {formatInvitationCode(invitation.code)}
        </Text>
      </View>
      <View className="scan-coupon__row">
        <Text className="scan-coupon__label">小程序页面</Text>
        <Text className="team-created__path" data-testid="team-created-path" selectable>
          {invitation.path}
        </Text>
      </View>
      <Text className="muted team-created__hint">邀请码只显示这一次，离开后无法再查看；如遗失，撤销后重新邀请即可。</Text>
      <Button className="btn btn--ghost" data-testid="team-created-copy" onClick={copy}>
        复制链接
      </Button>
      <Button className="btn btn--plain" data-testid="team-created-done" onClick={onDone}>
        完成
      </Button>
    </View>
  );
}

interface PendingInvitationsProps {
  state: ResourceState<{ items: InvitationView[] }>;
  busy: string | null;
  onRetry: () => void;
  onRevoke: (invitation: InvitationView) => void;
}

function PendingInvitations({ state, busy, onRetry, onRevoke }: PendingInvitationsProps) {
  if (state.status === 'loading') return <Loading rows={1} />;
  if (state.status === 'error') return <ErrorState message={state.message} onRetry={onRetry} />;
  if (state.data.items.length === 0) return <EmptyState text="没有待接受的邀请" />;
  return (
    <View className="team-invitations">
      {state.data.items.map((invitation) => (
        <View
          key={invitation.invitationId}
          className="staff-row team-invitation"
          data-testid="team-invitation"
          data-invitation-id={invitation.invitationId}
        >
          <View className="staff-row__head">
            <Text className="staff-row__name">{invitation.name}</Text>
            <Text className={`team-role team-role--${invitation.role}`}>{STAFF_ROLE_ZH[invitation.role]}</Text>
          </View>
          <Text className="team-member__meta">
            {invitation.invitedBy} 邀请 · {formatShanghaiDateTime(invitation.expiresAt)} 前有效
          </Text>
          <View className="team-member__actions">
            <Button
              className="btn btn--ghost team-action-button team-action-button--danger"
              data-testid="team-invitation-revoke"
              {...(busy === invitation.invitationId ? whileBusy(true) : disabledWhen(busy !== null))}
              onClick={() => onRevoke(invitation)}
            >
              撤销
            </Button>
          </View>
        </View>
      ))}
    </View>
  );
}
