import * as z from 'zod';

/** The product's subscribe-message purposes; each maps to one WeChat template id by configuration. */
export const MESSAGE_TEMPLATES = ['birthdayGreeting', 'tierChanged', 'pointsExpiring', 'complaintUpdate', 'complaintAlert'] as const;
export type MessageTemplate = (typeof MESSAGE_TEMPLATES)[number];

/** What a member's authorizations for a template are kept under: its configured purpose, or 'care' for a care rule's template. */
export type SubscriptionPurpose = MessageTemplate | 'care';

/** WeChat lists at most this many template ids in one wx.requestSubscribeMessage call (older base libraries: 3). */
export const MAX_TEMPLATES_PER_SUBSCRIBE_REQUEST = 5;

/** What wx.requestSubscribeMessage reports per template id. */
export const SUBSCRIBE_RESULTS = ['accept', 'reject', 'ban', 'filter'] as const;

export const SubscriptionReport = z
  .object({
    reportId: z.uuid().optional().describe('Client-generated id; a retried report with the same id is counted once'),
    results: z
      .array(z.object({ templateId: z.string().min(1).max(64), result: z.enum(SUBSCRIBE_RESULTS) }))
      .min(1)
      .max(MAX_TEMPLATES_PER_SUBSCRIBE_REQUEST)
      .describe('The answer of one wx.requestSubscribeMessage call: at most 5 templates (ClientConfig.templatesPerSubscribeRequest)'),
  })
  .meta({ id: 'SubscriptionReport' });
export type SubscriptionReport = z.infer<typeof SubscriptionReport>;

export const SubscriptionQuota = z
  .object({
    items: z.array(
      z.object({
        template: z.enum(MESSAGE_TEMPLATES),
        templateId: z.string(),
        remaining: z.number().int().nonnegative(),
      }),
    ),
  })
  .meta({ id: 'SubscriptionQuota' });
export type SubscriptionQuota = z.infer<typeof SubscriptionQuota>;

export const ClientConfig = z
  .object({
    policyVersion: z.string(),
    templates: z.record(z.enum(MESSAGE_TEMPLATES), z.string()),
    templatesPerSubscribeRequest: z
      .number()
      .int()
      .min(1)
      .max(MAX_TEMPLATES_PER_SUBSCRIBE_REQUEST)
      .optional()
      .describe('How many template ids to list in one wx.requestSubscribeMessage call (always sent by the API)'),
  })
  .meta({ id: 'ClientConfig' });
export type ClientConfig = z.infer<typeof ClientConfig>;
