// The web console in a real browser (issue 17, "What it must show"): run by
// tests/suite/console.rs with a JSON of the gateway's URL and the people it prepared:
//   node tests/console/run.mjs <config.json>
// Headless Debian chromium driven by playwright-core; axe-core injected on each role's
// home. Exits non-zero, naming each failed scenario, when any fails.
import { chromium } from 'playwright-core';
import { readFileSync, mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

const require = createRequire(import.meta.url);
const axeSource = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

const cfg = JSON.parse(readFileSync(process.argv[2], 'utf8'));
const base = cfg.gateway.replace(/\/$/, '');
const shots = cfg.screenshots || 'target/console-screenshots';
mkdirSync(shots, { recursive: true });

const browser = await chromium.launch({
  executablePath: process.env.TAM_CHROMIUM || '/usr/bin/chromium',
  args: ['--no-sandbox'],
});
const results = [];
const failures = [];

function check(cond, message) {
  if (!cond) throw new Error(message);
}

async function scenario(name, fn) {
  const started = Date.now();
  try {
    await fn();
    results.push(`ok   ${name} (${Date.now() - started} ms)`);
  } catch (e) {
    failures.push(name);
    results.push(`FAIL ${name}: ${e && e.stack ? e.stack.split('\n').slice(0, 4).join('\n     ') : e}`);
  }
  console.log(results[results.length - 1]);
}

// A signed-in page of one person, English (the lang cookie), 1366×768.
// `bypassCSP` only where axe-core is injected (the console's CSP forbids inline scripts,
// as it should).
async function signIn(person, viewport = { width: 1366, height: 768 }, bypassCSP = false) {
  const context = await browser.newContext({ viewport, baseURL: base, bypassCSP });
  await context.addCookies([{ name: 'lang', value: 'en', url: base }]);
  context.setDefaultTimeout(10000);
  const page = await context.newPage();
  await page.goto('/console/signin');
  await page.getByLabel('Username').fill(person.username);
  await page.getByLabel('Password').fill(person.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForLoadState();
  if (new URL(page.url()).pathname.startsWith('/console/signin')) {
    const said = await page.locator('main').innerText().catch(() => '');
    throw new Error(`${person.role} (${person.username}) could not sign in: ${said.replace(/\s+/g, ' ').slice(0, 300)}`);
  }
  check(page.url().startsWith(`${base}/console`), `${person.role}: not at the console after sign-in: ${page.url()}`);
  return { context, page };
}

// axe-core on the page: no serious or critical violation.
async function axe(page, role) {
  await page.addScriptTag({ content: axeSource });
  const found = await page.evaluate(async () => {
    // eslint-disable-next-line no-undef
    const r = await axe.run(document, { resultTypes: ['violations'] });
    return r.violations
      .filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .map((v) => `${v.impact} ${v.id}: ${v.help} (${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join('; ')})`);
  });
  check(found.length === 0, `${role}'s home: accessibility violations:\n       ${found.join('\n       ')}`);
}

async function shot(page, name) {
  await page.screenshot({ path: path.join(shots, `${name}.png`), fullPage: true });
}

const people = cfg.people;

// Every role's home: it answers, has a heading, passes axe, and is photographed.
for (const [role, person] of Object.entries(people)) {
  await scenario(`${role}: the home renders, axe finds no serious or critical violation, screenshot`, async () => {
    const { context, page } = await signIn(person, undefined, true);
    try {
      await page.goto('/console');
      check(await page.locator('main h1').count() > 0, `${role}: no heading on the home`);
      const body = await page.locator('main').innerText();
      check(!/Coming soon|Segera hadir/i.test(body), `${role}: the home is not built ("coming")`);
      await shot(page, role);
      await axe(page, role);
    } finally {
      await context.close();
    }
  });
}

await scenario('the session cookie is HttpOnly, Secure and SameSite=Strict', async () => {
  const { context } = await signIn(people.agent);
  try {
    const cookies = await context.cookies();
    const session = cookies.find((c) => c.name === 'tam_console');
    check(session, `no tam_console cookie among ${cookies.map((c) => c.name).join(', ')}`);
    check(session.httpOnly === true, 'the session cookie is not HttpOnly');
    check(session.secure === true, 'the session cookie is not Secure');
    check(session.sameSite === 'Strict', `the session cookie's SameSite is ${session.sameSite}`);
    check(session.path === '/console', `the session cookie's path is ${session.path}`);
  } finally {
    await context.close();
  }
});

await scenario('CSRF: a form post without the token (or with a wrong one) is refused (403), nothing done', async () => {
  const { context, page } = await signIn(people.agent);
  try {
    // The browser's own cookie, no token: the form of the desk posted by a forger.
    const forged = await page.request.post('/console/agent/next', { form: {}, maxRedirects: 0 });
    check(forged.status() === 403, `a POST without the CSRF token answered ${forged.status()}`);
    const wrong = await page.request.post('/console/signout', { form: { csrf: 'AAAA' }, maxRedirects: 0 });
    check(wrong.status() === 403, `a POST with a wrong CSRF token answered ${wrong.status()}`);
    // Still signed in: the refused sign-out did nothing.
    await page.goto('/console');
    check(!page.url().includes('/signin'), 'the refused sign-out signed the user out');
  } finally {
    await context.close();
  }
});

await scenario('keyboard: Tab reaches the first form control, with a visible focus outline', async () => {
  const context = await browser.newContext({ viewport: { width: 1366, height: 768 }, baseURL: base });
  const page = await context.newPage();
  try {
    await page.goto('/console/signin');
    let reached = null;
    for (let i = 0; i < 8 && !reached; i++) {
      await page.keyboard.press('Tab');
      reached = await page.evaluate(() => {
        const el = document.activeElement;
        if (!el || !['INPUT', 'SELECT', 'TEXTAREA'].includes(el.tagName)) return null;
        const s = getComputedStyle(el);
        return { id: el.id, outline: s.outlineStyle, width: parseFloat(s.outlineWidth), shadow: s.boxShadow };
      });
    }
    check(reached, 'Tab never reached a form field');
    check(reached.id === 'username', `the first field reached is ${reached.id}`);
    const visible = (reached.outline !== 'none' && reached.width > 0) || (reached.shadow && reached.shadow !== 'none');
    check(visible, `no visible focus on #${reached.id}: ${JSON.stringify(reached)}`);
  } finally {
    await context.close();
  }
});

await scenario('an agent gets a customer, starts the call, records a FOLLOW UP and sees it due later', async () => {
  const { context, page } = await signIn(people.agent);
  try {
    await page.goto('/console');
    await page.getByRole('button', { name: 'Get the next customer' }).click();
    await page.waitForLoadState();
    const desk = await page.locator('main').innerText();
    check(desk.includes(cfg.follow_up_customer), `the desk does not show the customer ${cfg.follow_up_customer}:\n${desk.slice(0, 600)}`);
    check(desk.includes(cfg.masking_number), `the desk does not show the masking number ${cfg.masking_number}`);
    await page.getByRole('button', { name: 'Start the call' }).click();
    await page.waitForURL(/\/console\/agent\/calls\/[0-9a-f-]+/);
    cfg.agent_call_url = page.url();
    await page.locator('input[name="outcome"][value="follow_up"]').check();
    await page.locator('#follow_up_at').fill(cfg.follow_up_local);
    await page.getByRole('button', { name: 'Record the result' }).click();
    await page.waitForLoadState();
    await page.goto('/console');
    const due = page.locator('section', { has: page.getByRole('heading', { name: 'FOLLOW UPs due' }) });
    const text = await due.innerText();
    check(text.includes(cfg.follow_up_shown), `FOLLOW UPs due does not list ${cfg.follow_up_shown}:\n${text}`);
    await shot(page, 'agent-follow-up');
  } finally {
    await context.close();
  }
});

await scenario("an agent who types another agent's call URL gets the not-found page", async () => {
  const { context, page } = await signIn(cfg.other_agent);
  try {
    const res = await page.goto(`/console/agent/calls/${cfg.agent_call}`);
    check(res.status() === 404, `another agent's call answered ${res.status()}`);
    check((await page.locator('h1').innerText()).includes('Page not found'), 'not the not-found page');
    check(!(await page.content()).includes(cfg.agent_call_customer), "the page shows the other agent's customer");
  } finally {
    await context.close();
  }
});

await scenario('a supervisor uploads a DAPROS file and sees the report', async () => {
  const { context, page } = await signIn(people.supervisor_ops);
  try {
    await page.goto('/console');
    await page.locator('#work_order_id').selectOption(cfg.upload_work_order);
    await page.locator('#file').setInputFiles({ name: 'dapros.csv', mimeType: 'text/csv', buffer: Buffer.from(cfg.dapros_csv) });
    await page.getByRole('button', { name: 'Upload' }).click();
    const report = page.locator('section', { has: page.getByRole('heading', { name: 'Import report' }) });
    await report.first().waitFor({ timeout: 20000 });
    const accepted = (await report.first().locator('tr', { has: page.locator('th', { hasText: /^Accepted$/ }) }).locator('td').innerText()).trim();
    check(accepted === String(cfg.dapros_accepted), `the report's accepted rows: ${accepted}, expected ${cfg.dapros_accepted}:\n${await report.first().innerText()}`);
    await shot(page, 'supervisor_ops-import');
  } finally {
    await context.close();
  }
});

await scenario('a QC officer plays a recording and RETURNs the sale; the agent sees it first with the reason', async () => {
  const { context, page } = await signIn(people.qc_officer);
  try {
    await page.goto('/console');
    // Claim the next tapping task (the QC home's button), then open it.
    await page.getByRole('button', { name: 'Get the next customer' }).click();
    await page.waitForLoadState();
    if (!/\/console\/qc\/tasks\//.test(page.url())) {
      await page.locator('a[href^="/console/qc/tasks/"]').first().click();
      await page.waitForURL(/\/console\/qc\/tasks\//);
    }
    const audio = page.locator('audio');
    check(await audio.count() > 0, 'no recording player');
    const played = await audio.first().evaluate(async (a) => {
      a.muted = true;
      try { await a.play(); } catch (e) { /* a test tone may not decode: the fetch still counts */ }
      await new Promise((r) => setTimeout(r, 500));
      return { src: a.currentSrc, networkState: a.networkState, error: a.error && a.error.code };
    });
    check(played.src.includes('/console/'), `the recording is not served by the console: ${played.src}`);
    const ranged = await page.request.get(played.src, { headers: { Range: 'bytes=0-99' } });
    check(ranged.status() === 206, `a Range request for the recording answered ${ranged.status()}`);
    // Every parameter item passed (a RETURN for an unclear consent, written as the reason).
    for (const pass of await page.locator('input[type="radio"][value="pass"]').all()) await pass.check();
    await page.locator('input[name="verdict"][value="return"]').check();
    await page.locator('#reason').fill(cfg.return_reason);
    await page.getByRole('button', { name: 'Submit the verdict' }).click();
    await page.waitForLoadState();
  } finally {
    await context.close();
  }
  const agent = await signIn(people.agent);
  try {
    let text = '';
    for (let i = 0; i < 20; i++) {
      await agent.page.goto('/console');
      const next = agent.page.getByRole('button', { name: 'Get the next customer' });
      if (await next.count()) await next.click();
      await agent.page.waitForLoadState();
      text = await agent.page.locator('main').innerText();
      if (text.includes(cfg.return_reason)) break;
      await new Promise((r) => setTimeout(r, 1000));
    }
    check(text.includes('Returned sales') && text.includes(cfg.return_reason), `the desk does not show the returned sale with the reason:\n${text.slice(0, 800)}`);
    check(text.includes(cfg.agreed_customer), `the returned sale's customer ${cfg.agreed_customer} is not first`);
    await shot(agent.page, 'agent-returned');
  } finally {
    await agent.context.close();
  }
});

await scenario('HD Support sees the ticket of a validated sale with its SLA timer', async () => {
  const { context, page } = await signIn(people.hd_support);
  try {
    await page.goto('/console');
    const row = page.locator('tr', { hasText: cfg.ticket_customer });
    await row.first().waitFor({ timeout: 10000 });
    const timer = await row.first().locator('td.timer').innerText();
    check(/^(in|late by) /.test(timer), `no SLA timer on the ticket's row: ${timer}`);
    await row.first().getByRole('link').first().click();
    await page.waitForURL(/\/console\/tickets\//);
    const text = await page.locator('main').innerText();
    check(text.includes('History') && text.includes('SLA'), `the ticket's page lacks its history or SLA:\n${text.slice(0, 600)}`);
    await shot(page, 'hd_support-ticket');
  } finally {
    await context.close();
  }
});

await scenario('a manager sees the dashboard charts', async () => {
  const { context, page } = await signIn(people.manager);
  try {
    await page.goto('/console');
    const imgs = page.locator('img.chart');
    check(await imgs.count() > 0, 'no chart on the dashboard');
    await page.waitForFunction(() => [...document.querySelectorAll('img.chart')].every((i) => i.complete), null, { timeout: 20000 });
    const sizes = await imgs.evaluateAll((all) => all.map((i) => [i.getAttribute('src'), i.naturalWidth]));
    check(sizes.every(([, w]) => w > 0), `a chart did not load: ${JSON.stringify(sizes)}`);
    const csv = await page.request.get(await page.getByRole('link', { name: 'outbound (CSV)' }).getAttribute('href'));
    check(csv.status() === 200, `the CSV export answered ${csv.status()}`);
  } finally {
    await context.close();
  }
});

await scenario('tablet: the agent desk at 768×1024 (screenshot)', async () => {
  const { context, page } = await signIn(people.agent, { width: 768, height: 1024 });
  try {
    await page.goto('/console');
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    check(overflow <= 1, `the desk scrolls sideways by ${overflow}px on a tablet`);
    await shot(page, 'agent-tablet');
  } finally {
    await context.close();
  }
});

await browser.close();
console.log(`\n${results.length - failures.length} passed, ${failures.length} failed`);
if (failures.length) {
  console.error(`console browser tests failed: ${failures.join('; ')}`);
  process.exit(1);
}
