import { describe, expect, it } from 'vitest';
import { formatShanghaiTime } from './messages-page.ts';
import { birthdayMessage, emulatorUnderTest, TEMPLATE } from './test-support.ts';

async function pageHtml(emulator: ReturnType<typeof emulatorUnderTest>): Promise<{ status: number; type: string | null; html: string }> {
  const response = await emulator.app.request('/');
  return { status: response.status, type: response.headers.get('content-type'), html: await response.text() };
}

describe('GET / (sent messages page)', () => {
  it('shows the empty state when nothing was sent', async () => {
    const page = await pageHtml(emulatorUnderTest());

    expect(page.status).toBe(200);
    expect(page.type).toContain('text/html');
    expect(page.html).toContain('<title>微信模拟器 · 已发送消息</title>');
    expect(page.html).toContain('暂无消息');
    expect(page.html).toContain('<meta http-equiv="refresh" content="5">');
  });

  it('lists a sent message with China time, openid, template, page and data', async () => {
    const emulator = emulatorUnderTest();
    const token = await emulator.stableToken();
    await emulator.subscribe('o-alice', [TEMPLATE]);
    await emulator.send(token, birthdayMessage('o-alice'));

    const { html } = await pageHtml(emulator);

    expect(html).not.toContain('暂无消息');
    expect(html).toContain('2025-03-01 08:00:00');
    for (const text of ['o-alice', TEMPLATE, 'pages/member/index?from=birthday', 'thing1', '生日快乐']) {
      expect(html).toContain(text);
    }
  });

  it('lists newest first', async () => {
    const emulator = emulatorUnderTest();
    const token = await emulator.stableToken();
    for (const openid of ['o-first', 'o-second']) {
      await emulator.subscribe(openid, [TEMPLATE]);
      await emulator.send(token, birthdayMessage(openid));
    }

    const { html } = await pageHtml(emulator);

    expect(html.indexOf('o-second')).toBeLessThan(html.indexOf('o-first'));
  });

  it('escapes everything that came from the caller', async () => {
    const emulator = emulatorUnderTest();
    const token = await emulator.stableToken();
    const template = `<img src=x onerror="alert('t')">`;
    await emulator.subscribe('o-alice', [template]);
    const sent = await emulator.send(token, {
      touser: 'o-alice',
      template_id: template,
      page: 'pages/a?x=1&y="2"',
      data: { thing1: { value: '<script>1</script>' } },
    });

    const { html } = await pageHtml(emulator);

    expect(sent.errcode).toBe(0);
    expect(html).not.toContain('<script>1</script>');
    expect(html).not.toContain('<img');
    expect(html).toContain('&lt;script&gt;1&lt;/script&gt;');
    expect(html).toContain('&lt;img src=x onerror=&quot;alert(&#39;t&#39;)&quot;&gt;');
    expect(html).toContain('pages/a?x=1&amp;y=&quot;2&quot;');
  });
});

describe('formatShanghaiTime', () => {
  it('shows UTC+8 across a date boundary', () => {
    expect(formatShanghaiTime('2025-12-31T16:30:05.000Z')).toBe('2026-01-01 00:30:05');
  });
});
