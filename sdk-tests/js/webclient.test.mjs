// The web client (/client/) in Debian's Chromium driven by Playwright: register with the code, sign in, wait for
// the desktop's console and type a command. The calling test checks its effect inside the container.
// Env: WSE_URL, WSE_REGISTRATION_CODE, WSE_USER, WSE_PASSWORD, WSE_COMMAND, WSE_EXPECT (text the command prints).
import { launchChromium } from './chromium.mjs';

const env = (name) => { const v = process.env[name]; if (!v) throw new Error(`${name} is not set`); return v; };
const browser = await launchChromium();
try {
  const page = await browser.newPage();
  page.on('console', (m) => console.log('page:', m.text()));
  await page.goto(env('WSE_URL') + '/client/');
  await page.fill('#registration-code', env('WSE_REGISTRATION_CODE'));
  await page.click('#register');
  await page.waitForSelector('#sign-in-form:not([hidden])');
  const title = await page.textContent('#directory-name');
  if (!title.includes('corp.example.com')) throw new Error('sign-in page does not name the directory: ' + title);
  // A wrong password is refused on the page.
  await page.fill('#username', env('WSE_USER'));
  await page.fill('#password', 'not-the-password');
  await page.click('#sign-in');
  await page.waitForFunction(() => document.getElementById('error').textContent.includes('InvalidCredentials'));
  await page.fill('#password', env('WSE_PASSWORD'));
  await page.click('#sign-in');
  await page.waitForSelector('#desktop[data-state="open"]', { timeout: 120_000 });
  const screen = () => page.evaluate(() => document.querySelector('#desktop .xterm-rows')?.textContent || '');
  await page.waitForFunction(() => (document.querySelector('#desktop .xterm-rows')?.textContent || '').includes('$'), null, { timeout: 30_000 });
  await page.click('#desktop');
  await page.keyboard.type(env('WSE_COMMAND'));
  await page.keyboard.press('Enter');
  const expect = env('WSE_EXPECT');
  await page.waitForFunction((e) => (document.querySelector('#desktop .xterm-rows')?.textContent || '').split(e).length > 1, expect, { timeout: 30_000 })
    .catch(async (e) => { throw new Error(`terminal never showed '${expect}': ${await screen()}\n${e}`); });
  console.log('terminal:', (await screen()).slice(-300));
  console.log('web client checks passed');
} finally {
  await browser.close();
}
