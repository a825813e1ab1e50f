import { describe, expect, it } from 'vitest';
import { readConfig } from './config.ts';

describe('LINLI_FOUNDING_ADMIN_OPENIDS', () => {
  it('is empty when unset or blank, locally and in the cloud', () => {
    expect(readConfig({}).foundingAdminOpenids).toEqual([]);
    expect(readConfig({ LINLI_FOUNDING_ADMIN_OPENIDS: '' }).foundingAdminOpenids).toEqual([]);
  });

  it('reads comma-separated openids, ignoring spaces around them', () => {
    expect(readConfig({ LINLI_FOUNDING_ADMIN_OPENIDS: ' oAbc_1-x , oDef2,' }).foundingAdminOpenids).toEqual(['oAbc_1-x', 'oDef2']);
  });

  it('refuses something that is not an openid, naming it', () => {
    expect(() => readConfig({ LINLI_FOUNDING_ADMIN_OPENIDS: 'oAbc,o Def' })).toThrow(/LINLI_FOUNDING_ADMIN_OPENIDS.*"o Def"/);
  });
});
