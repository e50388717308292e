import { describe, expect, it } from 'vitest';
import html from '../../index.html?raw';
import themeInit from '../../public/theme-init.js?raw';

// The server's Content-Security-Policy allows scripts and styles from 'self' only.
describe('index.html', () => {
  it('has no inline scripts, inline styles or third-party resources', () => {
    const scripts = [...html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/g)];
    expect(scripts.length).toBeGreaterThan(0);
    for (const [, attrs, body] of scripts) {
      expect(attrs).toMatch(/\bsrc="\//);
      expect(body?.trim()).toBe('');
    }
    expect(html).not.toMatch(/<style\b/);
    expect(html).not.toMatch(/\sstyle="/);
    expect(html).not.toMatch(/https?:\/\/(?!www\.w3\.org)/);
    expect(html).toMatch(/<script src="\/theme-init\.js"><\/script>/);
  });

  it('theme-init.js reads the same storage keys as the app', () => {
    expect(themeInit).toContain("'carecircle.theme'");
    expect(themeInit).toContain("'carecircle.locale'");
  });
});
