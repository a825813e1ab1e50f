import { createRoute } from '@hono/zod-openapi';
import { ErrorBody } from '@linli/shared/errors';
import { PhotoUploadGrant, PhotoUploadRequest } from '@linli/shared/photos';
import type { Deps } from '../deps.ts';
import { jsonContent, newRouter } from '../http/router.ts';
import { signedIn } from '../http/access.ts';

import { grantPhotoUpload } from './uploads.ts';

export function photoRoutes(deps: Deps) {
  const router = newRouter();
  return router.openapi(
    createRoute({
      method: 'post',
      path: '/v1/me/photo-uploads',
      ...signedIn(deps),
      tags: ['photos'],
      summary: 'Grant one photo upload: a presigned POST straight to storage, for a key the server chooses (buyers and staff)',
      request: { body: { content: { 'application/json': { schema: PhotoUploadRequest } }, required: true } },
      responses: {
        200: jsonContent(PhotoUploadGrant, 'POST `fields` then the file (field "file") to `url`; then name `key` in photoKeys'),
        400: jsonContent(ErrorBody, 'Not a JPEG, PNG or WebP, or over 10 MB'),
        401: jsonContent(ErrorBody, 'Not logged in'),
        403: jsonContent(ErrorBody, 'A reward picture from someone who does not edit rewards'),
        409: jsonContent(ErrorBody, 'NOT_JOINED (buyers join first)'),
        429: jsonContent(ErrorBody, 'PHOTO_UPLOAD_LIMIT_REACHED: too many uploads today'),
      },
    }),
    async (c) => c.json(await grantPhotoUpload(deps, c.var.session, c.req.valid('json')), 200),
  );
}
