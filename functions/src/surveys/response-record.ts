import type { Answers, FollowUpReason, ResponseSource } from '@linli/shared/surveys';

/**
 * A completed response as stored (SURVEYRESPONSES#<surveyId>): the answers with the version they
 * answered, where they came from, and the member's segments at that moment — the breakdowns by
 * tier, RFM class, stage, category and region count a response where the member stood when they
 * answered, not where they stand now.
 */
export interface SurveyResponseRecord {
  responseId: string;
  surveyId: string;
  version: number;
  memberId: string;
  answers: Answers;
  source: ResponseSource;
  /** The order a post-purchase invitation asked about; the complaint whose resolution was rated. */
  orderId: string | null;
  complaintId: string | null;
  completedAt: string;
  /** The Shanghai day of completedAt (the figures' day). */
  day: string;
  segments: ResponseSegments;
  /** Why it needs a follow-up (回访), decided by followUpReason; null when it does not. */
  followUp: { reason: FollowUpReason; questionId: string; score: number } | null;
  /** Points this response earned (0: none, or the survey's reward was given for an earlier response). */
  rewardPoints: number;
}

/** Where the member stood when answering (from the last nightly insight run and the order); null: unknown. */
export interface ResponseSegments {
  tier: string | null;
  rfmClass: string | null;
  stage: string | null;
  region: string | null;
  /** The invitation's order's first category, else the category the member bought last. */
  category: string | null;
}
