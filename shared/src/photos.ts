import * as z from 'zod';
import { PhotoKey } from './complaints.ts';

// ---------------------------------------------------------------------------------------------
// Photos are uploaded straight to object storage: the API grants a presigned POST for one
// server-chosen key, the client posts the file there, and a complaint or reply then names the key.
// ---------------------------------------------------------------------------------------------

export const PHOTO_CONTENT_TYPES = ['image/jpeg', 'image/png', 'image/webp'] as const;
export type PhotoContentType = (typeof PHOTO_CONTENT_TYPES)[number];

/** The file extension each photo type is stored under. */
export const PHOTO_EXTENSIONS: Record<PhotoContentType, string> = { 'image/jpeg': 'jpg', 'image/png': 'png', 'image/webp': 'webp' };

/** The largest photo storage accepts (the upload policy) and the API attaches (checked again in storage). */
export const PHOTO_MAX_BYTES = 10 * 1024 * 1024;

/** Upload grants one member may ask for per Asia/Shanghai day. */
export const PHOTO_UPLOADS_PER_DAY = 60;

/**
 * What an upload is for; it decides who may upload it and what may attach it: a complaint or reply
 * photo, the member's own avatar (我的资料), a 积分商城 reward picture (admins and supervisors), or a
 * 拼团 campaign's product picture (admins, who edit campaigns).
 */
export const PHOTO_PURPOSES = ['complaint', 'avatar', 'reward', 'groupbuy'] as const;
export type PhotoPurpose = (typeof PHOTO_PURPOSES)[number];

export const PhotoUploadRequest = z
  .object({
    contentType: z.enum(PHOTO_CONTENT_TYPES),
    purpose: z
      .enum(PHOTO_PURPOSES)
      .default('complaint')
      .describe(
        'complaint: a complaint or reply photo; avatar: name the key as avatarKey in PATCH /v1/me; reward: a 积分商城 reward picture (admin, supervisor); groupbuy: a 拼团 campaign picture (admin)',
      ),
    sizeBytes: z.number().int().positive().max(PHOTO_MAX_BYTES).describe('The size of the file about to be uploaded'),
  })
  .meta({ id: 'PhotoUploadRequest' });
export type PhotoUploadRequest = z.infer<typeof PhotoUploadRequest>;

export const PhotoUploadGrant = z
  .object({
    key: PhotoKey.describe('Name this key in photoKeys once the upload succeeded'),
    url: z.url().describe('POST the form here'),
    fields: z.record(z.string(), z.string()).describe('Form fields to send before the file, which goes last as the field "file"'),
    expiresAt: z.iso.datetime().describe('Post the file before this'),
    maxBytes: z.number().int().positive(),
  })
  .meta({ id: 'PhotoUploadGrant' });
export type PhotoUploadGrant = z.infer<typeof PhotoUploadGrant>;
