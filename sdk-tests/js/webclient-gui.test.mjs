// The web client (/client/) in Debian's Chromium driven by Playwright, for a WorkSpace on the graphical desktop image:
// open the invitation's password-setup link, choose the password, sign in with it, and wait until the noVNC canvas
// shows a non-blank desktop (pixels read back from the canvas).
// Env: WSE_LINK (the invitation's link), WSE_USER, WSE_PASSWORD (the one to choose).
import { launchChromium } from './chromium.mjs';

const env = (name) => { const v = process.env[name]; if (!v) throw new Error(`${name} is not set`); return v; };
const browser = await launchChromium();
try {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  page.on('console', (m) => console.log('page:', m.text()));
  page.on('pageerror', (e) => console.log('page error:', e.message));
  await page.goto(env('WSE_LINK'));
  await page.waitForSelector('#password-setup-form:not([hidden])');
  const who = await page.textContent('#setup-user');
  if (who !== env('WSE_USER')) throw new Error('the password-setup page names ' + who);
  await page.fill('#new-password', 'short');
  await page.fill('#confirm-password', 'short');
  await page.click('#set-password');
  await page.waitForFunction(() => document.getElementById('error').textContent.includes('InvalidPassword'));
  await page.fill('#new-password', env('WSE_PASSWORD'));
  await page.fill('#confirm-password', env('WSE_PASSWORD'));
  await page.click('#set-password');
  await page.waitForSelector('#sign-in-form:not([hidden])');
  if (await page.inputValue('#username') !== env('WSE_USER')) throw new Error('sign-in form is not filled with the user name');
  await page.fill('#password', env('WSE_PASSWORD'));
  await page.click('#sign-in');
  await page.waitForSelector('#desktop[data-state="open"][data-stream="RFB"]', { timeout: 120_000 });
  // The framebuffer arrives after the RFB handshake: poll the canvas until it holds a picture.
  const probe = () => page.evaluate(() => {
    const canvas = document.querySelector('#desktop canvas');
    if (!canvas || !canvas.width || !canvas.height) return { width: 0, height: 0, colours: 0, lit: 0 };
    const { data } = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height);
    const colours = new Set();
    let lit = 0;
    for (let i = 0; i < data.length; i += 4 * 7) {
      colours.add((data[i] << 16) | (data[i + 1] << 8) | data[i + 2]);
      if (data[i] + data[i + 1] + data[i + 2] > 120) lit++;
    }
    return { width: canvas.width, height: canvas.height, colours: colours.size, lit: lit / (data.length / (4 * 7)) };
  });
  let seen;
  for (let i = 0; i < 120; i++) {
    seen = await probe();
    if (seen.colours >= 2 && seen.lit > 0.05) break;
    await page.waitForTimeout(500);
  }
  console.log('canvas:', JSON.stringify(seen));
  if (!(seen.width >= 640 && seen.colours >= 2 && seen.lit > 0.05)) throw new Error('the noVNC canvas stayed blank: ' + JSON.stringify(seen));
  console.log('title:', await page.textContent('#title'));
  console.log('graphical web client checks passed');
} finally {
  await browser.close();
}
