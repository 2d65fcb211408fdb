/** Without Chromium the browser tests fail, saying how to install it; they never skip. */
import { describe, expect, it } from 'vitest';
import { CHROMIUM, launchChromium } from './harness/browser.js';

describe('the browser', () => {
  it('is Debian’s Chromium at /usr/bin/chromium', () => {
    expect(CHROMIUM).toBe('/usr/bin/chromium');
  });

  it('missing, fails with the command that installs it', async () => {
    await expect(launchChromium('/nonexistent/chromium')).rejects.toThrow(
      'The browser tests need Chromium at /nonexistent/chromium, which is missing. Install it with: sudo apt-get install chromium',
    );
  });
});
