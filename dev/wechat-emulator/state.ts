import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import * as z from 'zod';
import { emptyPayState, PersistedPayState, type PayState } from './pay/pay-state.ts';

/** One subscribe message WeChat accepted, as the emulator records it. */
export interface SentMessage {
  msgid: number;
  openid: string;
  templateId: string;
  page?: string;
  data: Record<string, { value: string }>;
  miniprogramState?: string;
  lang?: string;
  /** UTC ISO time of the send. */
  sentAt: string;
}

/** One 小程序码 drawn by getwxacodeunlimit (the image itself is drawn again when shown). */
export interface IssuedWxaCode {
  scene: string;
  page: string;
  checkPath: boolean;
  envVersion: 'release' | 'trial' | 'develop';
  width: number;
  /** UTC ISO time it was drawn. */
  createdAt: string;
}

/** A failure a test asked for: the next `times` calls to `path` answer this error. */
export interface ForcedFailure {
  path: string;
  error: { errcode: number; errmsg: string };
  times: number;
}

export interface IssuedAccessToken {
  kind: 'stable' | 'classic';
  issuedAtMs: number;
  expiresAtMs: number;
}

/** Everything the emulator remembers; tests may read it directly. */
export interface WechatEmulatorState {
  /** Accepted messages, oldest first. */
  messages: SentMessage[];
  /** 小程序码 drawn, oldest first. */
  wxaCodes: IssuedWxaCode[];
  /** Errors queued by POST /__emulator/failures, consumed first-come per path. */
  forcedFailures: ForcedFailure[];
  /** Remaining one-time authorisations: openid → template id → count. */
  authorizations: Record<string, Record<string, number>>;
  /** Single-use codes already exchanged ("kind:code") → when they may be used again (ms). */
  usedCodes: Map<string, number>;
  /** Every access token issued and not yet revoked. */
  accessTokens: Map<string, IssuedAccessToken>;
  /** The newest token from stable_token, which normal-mode calls hand out again. */
  currentStableToken: string | undefined;
  lastForcedRefreshAtMs: number | undefined;
  nextMsgid: number;
  /** WeChat Pay: orders, refunds, notifications and the failures tests queued. */
  pay: PayState;
}

// Only messages, authorisations, 小程序码 and WeChat Pay's orders, refunds and notifications outlive a
// restart: the history a developer looks at.
// Tokens and used codes are short-lived on WeChat too; clients must cope with losing them.
const PersistedState = z.object({
  messages: z.array(
    z.object({
      msgid: z.number().int(),
      openid: z.string(),
      templateId: z.string(),
      page: z.string().optional(),
      data: z.record(z.string(), z.object({ value: z.string() })),
      miniprogramState: z.string().optional(),
      lang: z.string().optional(),
      sentAt: z.string(),
    }),
  ),
  authorizations: z.record(z.string(), z.record(z.string(), z.number().int().nonnegative())),
  // Absent from files written before the emulator drew 小程序码.
  wxaCodes: z
    .array(
      z.object({
        scene: z.string(),
        page: z.string(),
        checkPath: z.boolean(),
        envVersion: z.enum(['release', 'trial', 'develop']),
        width: z.number().int(),
        createdAt: z.string(),
      }),
    )
    .default([]),
  // Absent from files written before the emulator had WeChat Pay.
  pay: PersistedPayState.optional(),
});
type PersistedState = z.infer<typeof PersistedState>;

const FIRST_MSGID = 1_000_000_001;

export function emptyState(): WechatEmulatorState {
  return {
    messages: [],
    wxaCodes: [],
    forcedFailures: [],
    authorizations: {},
    usedCodes: new Map(),
    accessTokens: new Map(),
    currentStableToken: undefined,
    lastForcedRefreshAtMs: undefined,
    nextMsgid: FIRST_MSGID,
    pay: emptyPayState(),
  };
}

/** Loads the persisted history, or an empty state when the file does not exist yet. */
export function loadState(stateFile: string): WechatEmulatorState {
  const state = emptyState();
  if (!existsSync(stateFile)) return state;
  // Refuse a damaged file rather than overwrite a developer's history with an empty one.
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(stateFile, 'utf8'));
  } catch (error) {
    throw new Error(`WeChat emulator state file ${stateFile} is not JSON: ${(error as Error).message}`, { cause: error });
  }
  const parsed = PersistedState.safeParse(raw);
  if (!parsed.success) {
    throw new Error(`WeChat emulator state file ${stateFile} has an unexpected shape: ${parsed.error.message}`);
  }
  state.messages = parsed.data.messages;
  state.authorizations = parsed.data.authorizations;
  state.wxaCodes = parsed.data.wxaCodes;
  if (parsed.data.pay) Object.assign(state.pay, parsed.data.pay);
  state.nextMsgid = Math.max(FIRST_MSGID, ...state.messages.map((message) => message.msgid + 1));
  return state;
}

/** Writes the history atomically (temp file + rename), so a crash never leaves half a file. */
export function saveState(stateFile: string, state: WechatEmulatorState): void {
  const { orders, refunds, notifications, serial } = state.pay;
  const persisted: PersistedState = {
    messages: state.messages,
    authorizations: state.authorizations,
    wxaCodes: state.wxaCodes,
    pay: { orders, refunds, notifications, serial },
  };
  const target = resolve(stateFile);
  mkdirSync(dirname(target), { recursive: true });
  const temp = `${target}.${process.pid}.tmp`;
  writeFileSync(temp, `${JSON.stringify(persisted, null, 2)}\n`);
  renameSync(temp, target);
}
