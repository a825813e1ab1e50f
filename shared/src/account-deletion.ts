import * as z from 'zod';

/**
 * What the buyer must send to delete their account (注销账户): the page sends it only after the
 * buyer ticked that they understand and confirmed a second time, so no stray request erases anyone.
 */
export const ACCOUNT_DELETION_CONFIRMATION = 'DELETE_MY_ACCOUNT';

export const AccountDeletionRequest = z
  .object({
    confirmation: z
      .literal(ACCOUNT_DELETION_CONFIRMATION)
      .describe('Exactly DELETE_MY_ACCOUNT: the buyer confirmed twice in the mini-program'),
  })
  .meta({ id: 'AccountDeletionRequest' });
export type AccountDeletionRequest = z.infer<typeof AccountDeletionRequest>;

export const AccountDeletionResult = z
  .object({
    status: z.literal('deleted'),
    deletedAt: z.iso.datetime().describe('When the deletion was done; a repeated request answers the first time'),
  })
  .meta({ id: 'AccountDeletionResult' });
export type AccountDeletionResult = z.infer<typeof AccountDeletionResult>;
