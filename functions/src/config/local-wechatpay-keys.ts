/**
 * Keys `npm start` and the tests use for WeChat Pay, generated once with openssl for this
 * repository (RSA 2048) and written in the README. Never used in the cloud: there they come from
 * Secrets Manager (config/secrets.ts). The other halves live in the emulator
 * (dev/wechat-emulator/pay/local-keys.ts), which holds what WeChat Pay would hold.
 */

/** The merchant's API private key (apiclient_key.pem), PKCS#8. */
export const LOCAL_WECHAT_PAY_MERCHANT_PRIVATE_KEY = `
-----BEGIN PRIVATE KEY-----
MIIEugIBADANBgkqhkiG9w0BAQEFAASCBKQwggSgAgEAAoIBAQCu270ctKpORki2
/2BCtI35n0aNA1szHwgeRAwjNy8j7gSG5lxd457ccuny//0OETCrjYhW/SRsXyxv
6LBeTiqu+Rgj0ISnNW6wpvfN+FqRAELZRN9/1EoZmDvMi9GOzpcAv50/5w/38RI4
er47rIQKLIEp2ktCaZdBlozcy63MlrpA4D09tRqVVvvMQ/RLGSu9kgemoHG4kEYz
zP6lhle2ldWcexuO4szyfOeakm3r7YFHUdhalrBRja+T8EgtSp0l/DWRU9nrQ/Nv
LUasXscHJQXUpQWgZdX2KRf/O538viOzE8vJlg65iimQ4C0CEyOMz9rSLvwg/Z2b
7Lxix5IJAgMBAAECgf9m936lKL4g2cJ4AGnu3eO82s3wu8k4kU12hRugoR5hSgfg
aEZ8A03JAuJA9f1OC1FdtDpU/zwzlNfWDm/NGLqJzqUoceGrlQtZevjxkQ3D1SOI
TcZOv/PinoKYML12GrFQ/4TZ3HbKymqwV5cuDKi0VQC6ZJFsykEHnl/UpRvzHNSb
SJ4xnoT+axTxoxJLTkuGA5q1FZXpTRLKk01B50ckimTncXYcAKAaIbcGoI3wO/F3
g+G0uf5xI236byekZyvm9+9+n/dK6SVopjvEldzYfToI2rM3i3GuO8F/k+l+M6u5
UDMTumq6eNChuooUGU8TZJXt9k3CyjLgV2f3l6ECgYEA6iRMmvjZsXntX7kLcsQC
fnAjho+s8lR0YQrVPSsuiQjxoCKH/Pgu9a2jm1X1Kh1wv0c/aT2KmlcaOjSVj2aF
AUnaVTO3XH5dotrvTtlEr/WzBucXQaDyaONv6Pf4BrOwpTqIweV8/vp2X+wfUuo6
+HaeVW7kmoa8OG1lkDocWPkCgYEAvy6jYqAn5Ahp5+DAwizefFhelD4dB61Sr+9m
1ARlVS4pc/pwKfZJTmNnaAUzasDWHO+V4BdYKhIAM168kL1Va8rpsAfAN/C3uAy8
PZcfz9yg/0/pEZGAvO3pQ9yq6EDK/K/CyLKMjDYjbBFcyyMShaR/XO7iZXgiDCt8
7abC1ZECgYAp3jnQkGUlBj97GXTBnekwQM8pdbGgV5fD7pL48CrPGElUsDgO9TY4
ekdCNJm1YTRTD+N35yhMtvyaoeKIlPV9qH4hNDE6meIWh/245MMSj+XmexY+hxAx
z1GooAa69BDHSvM/cNDsK09Vkbx8MCRBX7yqXD0GoMcxc+ZwZuPAyQKBgC4qA9ff
1mIQygns0n7QuNSLviLLsNTWvF2xUEIn4ZQk9muD8KuhRehAxopunxDLCaipDaaz
3F0kRZoh6SSGI2dI8w7HgFnBrYsqwBWbNVpK6zFbSWstmEmGpUn2seotIxbLFhzC
SH/e3sTMmHyQtntA0mRNZquby5Tmt17nYqqRAoGAUFY4Jd41DtZJt2s6DB3ksdWv
Mahpdu8YkoZQwz1E/3oEUjjY2nnltH0IPk/q6oEK+cGxs4fLphR2Krdyui6jTiaC
Gv3iHMu7a4DrAfU04Hi4nDGxnu3jzJRYn90TD95pZy1xQarQTPrWA6O+BjHDANqC
zaCxWp+Q84Zsbkj5ZEg=
-----END PRIVATE KEY-----
`.trim();

/** The serial number of the merchant API certificate holding that key (what `serial_no` names). */
export const LOCAL_WECHAT_PAY_MERCHANT_SERIAL_NO = 'C50DDFF8B98F85077B9092CEDD3FBADF4D6EF457';

/** The WeChat Pay public key (public-key mode), SPKI; the emulator signs with its private half. */
export const LOCAL_WECHAT_PAY_PUBLIC_KEY = `
-----BEGIN PUBLIC KEY-----
MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEAsyhOiNfEk7Gia2jK+OjN
PH53Cybu9Trx9Igz/fjhGcNZf19ZW3j13FQEShVXszmn25sabsiEF1V/aQZS+Q84
zo/mnnMhe9WEkOos3daB1TI6X/jxFUGlP9g4Dip8ojQy33IpA4WRYmy+D2m1KGTY
OWIxHnp+O4PAAeELdkfSdVhgA3uc+Ev3sQHT0ZQFlOayI4ChZf9pLlxHjDIrfBAa
Pbnf+jU/dduWXP7nhoyWsUlkYobIvs9UcWkTRKbE+lwr3Ex0qXWrxn8ni1g23Z37
5AZsz8nj4fva1Fdo2LcKa5PL7TeFLFTVGOaxaoxXN14FWBTZf4l+hdy7bBbySU8B
jQIDAQAB
-----END PUBLIC KEY-----
`.trim();

/** The id WeChat Pay gives that public key, sent back as Wechatpay-Serial. */
export const LOCAL_WECHAT_PAY_PUBLIC_KEY_ID = 'PUB_KEY_ID_0119000000012026112700000000000001';

/** The APIv3 key (32 ASCII characters) the merchant sets in the console; notifications and certificates are encrypted with it. */
export const LOCAL_WECHAT_PAY_API_V3_KEY = 'linli-local-apiv3-key-0123456789';

/** The merchant id (mchid) of the local merchant. */
export const LOCAL_WECHAT_PAY_MCH_ID = '1900000001';
