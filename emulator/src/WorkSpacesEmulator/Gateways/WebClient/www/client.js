// The emulator's WorkSpaces Web Access: registration code → sign-in → the desktop in the page: a terminal for the
// light image's text console, a noVNC canvas for a graphical desktop's RFB stream (the session says which).
// An invitation's password-setup link (?passwordSetup=<token>) first asks for the user's new password.
// Speaks the client API documented in the README ("End-user access").
const $ = (id) => document.getElementById(id);
const api = async (method, path, body, token) => {
  const headers = { 'Content-Type': 'application/json' };
  if (token) headers.Authorization = 'Bearer ' + token;
  const r = await fetch(path, { method, headers, body: body ? JSON.stringify(body) : undefined });
  const data = r.status === 204 ? {} : await r.json();
  if (!r.ok) throw Object.assign(new Error(data.message || r.statusText), { code: data.__type, status: r.status });
  return data;
};
const show = (id, on) => { $(id).hidden = !on; };
const status = (text) => { $('status').textContent = text || ''; };
const error = (e) => { $('error').textContent = e ? (e.code ? `${e.code}: ${e.message}` : String(e.message || e)) : ''; };

let registration = JSON.parse(localStorage.getItem('wse.registration') || 'null');
let session = null;

function showRegister() {
  show('register-form', true); show('sign-in-form', false); show('desktop', false); show('password-setup-form', false);
  // The invitation's link carries the code.
  $('registration-code').value = registration?.code || new URLSearchParams(location.search).get('registrationCode') || '';
}

function showSignIn() {
  show('register-form', false); show('sign-in-form', true);
  const r = registration.info;
  $('title').textContent = 'WorkSpaces — ' + r.DirectoryName;
  $('directory-name').textContent = `${r.DirectoryName} (${r.Region})`;
  show('mfa', r.MfaRequired); $('mfa-code').required = r.MfaRequired;
  const b = r.Branding || {};
  $('login-message').textContent = (b.LoginMessage && (b.LoginMessage.en_US || Object.values(b.LoginMessage)[0])) || '';
  if (b.LogoUrl) { $('brand-logo').src = b.LogoUrl; show('brand-logo', true); } else show('brand-logo', false);
  const support = b.SupportLink || (b.SupportEmail && 'mailto:' + b.SupportEmail);
  show('support', !!support); if (support) $('support-link').href = support;
}

$('register-form').addEventListener('submit', async (ev) => {
  ev.preventDefault(); error();
  try {
    const code = $('registration-code').value.trim();
    registration = { code, info: await api('POST', '/client/v1/register', { RegistrationCode: code }) };
    localStorage.setItem('wse.registration', JSON.stringify(registration));
    showSignIn();
  } catch (e) { error(e); }
});

$('change-code').addEventListener('click', () => { registration = null; localStorage.removeItem('wse.registration'); showRegister(); });

$('sign-in-form').addEventListener('submit', async (ev) => {
  ev.preventDefault(); error();
  try {
    const body = { RegistrationCode: registration.code, UserName: $('username').value, Password: $('password').value, DeviceType: 'WEB' };
    if (registration.info.MfaRequired) body.MfaCode = $('mfa-code').value;
    session = await api('POST', '/client/v1/authenticate', body);
    $('password').value = '';
    show('sign-in-form', false); show('sign-out', true);
    const ready = await waitAvailable();
    if (ready.StreamType === 'RFB') await connectRfb(); else connect();
  } catch (e) { error(e); }
});

$('sign-out').addEventListener('click', async () => {
  try { if (session) await api('DELETE', '/client/v1/session', null, session.SessionToken); } catch (e) { /* already ended */ }
  session = null; location.reload();
});

async function waitAvailable() {
  for (;;) {
    const s = await api('GET', '/client/v1/session', null, session.SessionToken);
    if (s.State === 'AVAILABLE') { status(''); return s; }
    status(`Your WorkSpace ${s.WorkspaceId} is ${s.State}…`);
    await new Promise((r) => setTimeout(r, 1000));
  }
}

// The desktop's text console is line based (no terminal on the other side): the page echoes and edits the line,
// and sends it when Enter is pressed.
function connect() {
  show('desktop', true);
  const term = new window.Terminal({ convertEol: true, cursorBlink: true, fontSize: 14 });
  term.open($('desktop'));
  term.focus();
  const scheme = location.protocol === 'https:' ? 'wss:' : 'ws:';
  const socket = new WebSocket(`${scheme}//${location.host}/client/v1/stream?token=${encodeURIComponent(session.SessionToken)}`);
  socket.binaryType = 'arraybuffer';
  const decoder = new TextDecoder();
  let line = '';
  let consoleStarted = false;
  socket.onmessage = (m) => {
    const text = typeof m.data === 'string' ? m.data : decoder.decode(m.data, { stream: true });
    term.write(text.replace(/\r\n/g, '\n'));
    if (!consoleStarted) { consoleStarted = true; socket.send('CONSOLE\n'); }
  };
  socket.onclose = (e) => { term.write(`\n[disconnected${e.reason ? ': ' + e.reason : ''}]\n`); $('desktop').dataset.state = 'closed'; };
  socket.onopen = () => { $('desktop').dataset.state = 'open'; };
  term.onData((data) => {
    for (const ch of data) {
      if (ch === '\r') { term.write('\r\n'); socket.send(line + '\n'); line = ''; }
      else if (ch === '\u007f') { if (line.length) { line = line.slice(0, -1); term.write('\b \b'); } }
      else if (ch >= ' ') { line += ch; term.write(ch); }
    }
  });
}

// A graphical desktop: noVNC (bundled from npm @novnc/novnc, no CDN) speaks RFB over the same stream.
async function connectRfb() {
  const { default: RFB } = await import('/client/assets/novnc/core/rfb.js');
  const target = $('desktop');
  show('desktop', true);
  target.dataset.stream = 'RFB';
  const scheme = location.protocol === 'https:' ? 'wss:' : 'ws:';
  const rfb = new RFB(target, `${scheme}//${location.host}/client/v1/stream?token=${encodeURIComponent(session.SessionToken)}`,
    { wsProtocols: ['binary'] });
  rfb.scaleViewport = true;
  rfb.addEventListener('connect', () => { target.dataset.state = 'open'; rfb.focus(); });
  rfb.addEventListener('disconnect', (e) => { target.dataset.state = 'closed'; status(e.detail.clean ? 'Disconnected.' : 'The connection to the desktop was lost.'); });
  rfb.addEventListener('desktopname', (e) => { $('title').textContent = e.detail.name; });
}

// The invitation's password-setup link: set the password, then sign in with it.
async function showPasswordSetup(token) {
  show('register-form', false); show('sign-in-form', false);
  let info;
  try { info = await api('GET', '/client/v1/password-setup?token=' + encodeURIComponent(token)); } catch (e) { error(e); showRegister(); return; }
  $('setup-user').textContent = info.UserName; $('setup-directory').textContent = info.DirectoryName;
  show('password-setup-form', true);
  $('password-setup-form').onsubmit = async (ev) => {
    ev.preventDefault(); error();
    if ($('new-password').value !== $('confirm-password').value) { error({ message: 'The passwords do not match.' }); return; }
    try {
      const done = await api('POST', '/client/v1/password-setup', { Token: token, Password: $('new-password').value });
      $('new-password').value = ''; $('confirm-password').value = '';
      history.replaceState(null, '', '/client/?registrationCode=' + encodeURIComponent(done.RegistrationCode));
      registration = { code: done.RegistrationCode, info: await api('POST', '/client/v1/register', { RegistrationCode: done.RegistrationCode }) };
      localStorage.setItem('wse.registration', JSON.stringify(registration));
      show('password-setup-form', false); showSignIn();
      $('username').value = done.UserName;
      status('Your password is set. Sign in with it.');
    } catch (e) { error(e); }
  };
}

const setupToken = new URLSearchParams(location.search).get('passwordSetup');
if (setupToken) showPasswordSetup(setupToken);
else if (registration) showSignIn(); else showRegister();
