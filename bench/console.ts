/**
 * bench/console: the web console's two performance targets, measured in a real browser (Debian's Chromium,
 * headless, through playwright-core). Gatehouse runs in its own process; the load comes from this process.
 *
 * (1) "The console's first page is interactive in under 1 s with 100 APIs present." 100 REST APIs are
 *     created through the SDK, then the console's root URL is loaded RUNS times, each in a fresh browser
 *     context (cold cache). Per load: navigation timing (responseEnd, DOMContentLoaded, load), first
 *     contentful paint, the moment the APIs table holds its 100 rows (a MutationObserver in the page), and
 *     "interactive": the rows are there and the main thread is idle (the end of the last long task, if
 *     later), then a real click on a row's radio and the time from the click to the next frame with the row
 *     selected. Side by side in the same run, the floor: the same browser loading a minimal static page with
 *     a 100-row table (and a 5-line click handler) from a raw node:http server.
 * (2) "The Requests view keeps up with 1,000 requests/s without freezing the page." The Requests page is
 *     open for SECONDS while nothing happens (the baseline), then again while this process sends ~RATE
 *     requests/s (paced, several keep-alive connections) to a MOCK method of a public API. In the page:
 *     long tasks (count, total, max), frames per second (requestAnimationFrame), the event-loop lag of a
 *     50 ms setTimeout probe, the page's polls of /_gatehouse/requests (how many, how long), and a real
 *     click on the newest row every 2 s: the time until the detail panel shows that request, and whether the
 *     panel is still there 1.5 s later.
 * Environment: BENCH_CONSOLE_RUNS (10), BENCH_SECONDS (10), BENCH_RATE (1000), BENCH_CONNECTIONS (8).
 */
import { APIGatewayClient, CreateDeploymentCommand, CreateRestApiCommand, GetResourcesCommand, PutIntegrationCommand, PutIntegrationResponseCommand, PutMethodCommand, PutMethodResponseCommand } from '@aws-sdk/client-api-gateway';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { chromium, type Browser, type Page } from 'playwright-core';
import { Agent, request } from 'undici';
import { startGatehouseProcess, table } from './support.js';

const CHROMIUM = '/usr/bin/chromium';
const APIS = 100;
const RUNS = Number(process.env['BENCH_CONSOLE_RUNS'] ?? 10);
const SECONDS = Number(process.env['BENCH_SECONDS'] ?? 10);
const RATE = Number(process.env['BENCH_RATE'] ?? 1000);
const CONNECTIONS = Number(process.env['BENCH_CONNECTIONS'] ?? 8);
const VIEWPORT = { width: 1280, height: 720 };

export async function run(): Promise<void> {
  console.log(`bench/console: Chromium headless; (1) first page with ${APIS} APIs, ${RUNS} cold loads each; (2) Requests page ${SECONDS} s idle, then ${SECONDS} s at ${RATE} requests/s over ${CONNECTIONS} connections\n`);
  const started = performance.now();
  const [gh, browser] = await Promise.all([startGatehouseProcess(), chromium.launch({ executablePath: CHROMIUM, headless: true, args: ['--no-sandbox'] })]);
  const apig = new APIGatewayClient({ endpoint: gh.url, region: 'us-east-1', credentials: { accessKeyId: 'test', secretAccessKey: 'test' }, maxAttempts: 1 });
  const floor = createServer((_req, res) => {
    res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-store' });
    res.end(FLOOR_HTML);
  });
  try {
    await new Promise<void>((resolve) => floor.listen(0, '127.0.0.1', resolve));
    const floorUrl = `http://127.0.0.1:${(floor.address() as AddressInfo).port}/`;
    await createApis(apig);
    console.log(`${APIS} APIs created (${((performance.now() - started) / 1000).toFixed(1)} s since start)`);
    await firstPage(browser, `${gh.url}/_gatehouse/console/`, floorUrl);
    await requestsPage(browser, apig, gh.url);
    console.log(`\ntotal ${((performance.now() - started) / 1000).toFixed(1)} s`);
  } finally {
    floor.close();
    await browser.close();
    apig.destroy();
    await gh.stop();
  }
}

// ---------------------------------------------------------------------------------------------------------
// (1) The first page with 100 APIs

/** A minimal page with the same table the console draws: the floor of what a browser needs. */
const FLOOR_HTML = `<!doctype html><html><head><meta charset="utf-8"><title>floor</title></head><body><table aria-label="APIs"><thead><tr><th></th><th>Name</th><th>Description</th><th>ID</th><th>Protocol</th><th>API endpoint type</th><th>VPC endpoint IDs</th><th>Created</th></tr></thead><tbody>${Array.from({ length: APIS }, (_, i) => `<tr data-api-id="api${i}"><td><input type="radio" name="api" aria-label="Select bench-api-${i}"></td><td><a href="#">bench-api-${i}</a></td><td>API ${i} for the console bench</td><td><code>api${i}</code></td><td>REST</td><td>Regional</td><td>-</td><td>2025-01-01 00:00:00 UTC</td></tr>`).join('')}</tbody></table><script>document.querySelector('tbody').addEventListener('click', (e) => { const tr = e.target.closest('tr'); for (const s of document.querySelectorAll('tr.selected')) s.classList.remove('selected'); tr.classList.add('selected'); tr.querySelector('input').checked = true; });</script></body></html>`;

async function createApis(apig: APIGatewayClient): Promise<void> {
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < APIS) {
      const i = next++;
      const type = i % 4 === 0 ? 'PRIVATE' : 'REGIONAL';
      await apig.send(new CreateRestApiCommand({ name: `bench-api-${String(i).padStart(3, '0')}`, description: `API ${i} for the console bench`, endpointConfiguration: { types: [type] } }));
    }
  };
  await Promise.all(Array.from({ length: 4 }, worker));
}

/**
 * Installed before any of the page's scripts: records long tasks and the moment the table first holds all
 * its rows, and, for a click, the time from the click event to the first frame after it.
 */
const FIRST_PAGE_PROBE = (rows: number): void => {
  const w = window as unknown as Record<string, unknown>;
  const longTasks: Array<{ start: number; duration: number }> = [];
  w['__longTasks'] = longTasks;
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) longTasks.push({ start: e.startTime, duration: e.duration });
  }).observe({ type: 'longtask', buffered: true });
  const check = (): boolean => {
    if (document.querySelectorAll('tr[data-api-id]').length < rows) return false;
    w['__rowsAt'] = performance.now();
    return true;
  };
  const watch = (): void => {
    if (check()) return;
    const mo = new MutationObserver(() => {
      if (check()) mo.disconnect();
    });
    mo.observe(document, { childList: true, subtree: true });
  };
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', watch);
  else watch();
  // Click → the first frame that shows its effect (rAF, then a task after the frame).
  window.addEventListener(
    'click',
    (e) => {
      const t0 = e.timeStamp;
      requestAnimationFrame(() => setTimeout(() => (w['__clickToFrame'] = performance.now() - t0), 0));
    },
    true,
  );
};

interface FirstLoad {
  responseEnd: number;
  domContentLoaded: number;
  load: number;
  fcp: number;
  script: number;
  listStart: number;
  listEnd: number;
  rows: number;
  interactive: number;
  longTasks: number;
  longTaskMs: number;
  clickToFrame: number;
  clickSelected: boolean;
}

async function loadOnce(browser: Browser, url: string): Promise<FirstLoad> {
  const context = await browser.newContext({ viewport: VIEWPORT });
  try {
    await context.addInitScript(FIRST_PAGE_PROBE, APIS);
    const page = await context.newPage();
    await page.goto(url, { waitUntil: 'load' });
    await page.waitForFunction(() => (window as unknown as Record<string, unknown>)['__rowsAt'] !== undefined, undefined, { timeout: 10_000 });
    // Idle: 2 frames and a task after the rows, so a long task still running would have ended and reported.
    await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(() => setTimeout(resolve, 50)))));
    const timings = await page.evaluate(() => {
      const w = window as unknown as Record<string, unknown>;
      const nav = performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming;
      const fcp = performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? NaN;
      const rowsAt = w['__rowsAt'] as number;
      const longTasks = w['__longTasks'] as Array<{ start: number; duration: number }>;
      const resources = performance.getEntriesByType('resource') as PerformanceResourceTiming[];
      const script = resources.find((r) => r.initiatorType === 'script' || r.name.endsWith('.js'));
      const list = resources.find((r) => r.name.includes('/restapis'));
      const lastLongTaskEnd = Math.max(0, ...longTasks.map((t) => t.start + t.duration));
      return {
        responseEnd: nav.responseEnd,
        domContentLoaded: nav.domContentLoadedEventEnd,
        load: nav.loadEventEnd,
        fcp,
        script: script?.responseEnd ?? NaN,
        listStart: list?.startTime ?? NaN,
        listEnd: list?.responseEnd ?? NaN,
        rows: rowsAt,
        interactive: Math.max(rowsAt, lastLongTaskEnd),
        longTasks: longTasks.length,
        longTaskMs: longTasks.reduce((s, t) => s + t.duration, 0),
      };
    });
    // A real click on the radio of the 50th row, through the browser's input pipeline.
    const row = page.locator('tr[data-api-id]').nth(APIS / 2);
    await row.locator('input[type=radio]').click();
    await page.waitForFunction(() => (window as unknown as Record<string, unknown>)['__clickToFrame'] !== undefined, undefined, { timeout: 5_000 });
    const clickToFrame = await page.evaluate(() => (window as unknown as Record<string, unknown>)['__clickToFrame'] as number);
    const clickSelected = (await row.getAttribute('class'))?.includes('selected') === true && (await row.locator('input[type=radio]').isChecked());
    return { ...timings, clickToFrame, clickSelected };
  } finally {
    await context.close();
  }
}

async function firstPage(browser: Browser, consoleUrl: string, floorUrl: string): Promise<void> {
  // One load of each to warm the browser itself (renderer processes, its own code), not counted.
  await loadOnce(browser, floorUrl);
  await loadOnce(browser, consoleUrl);
  const floor: FirstLoad[] = [];
  const console_: FirstLoad[] = [];
  for (let i = 0; i < RUNS; i++) {
    // Alternate which goes first so drift on a noisy machine falls on both.
    if (i % 2 === 0) {
      floor.push(await loadOnce(browser, floorUrl));
      console_.push(await loadOnce(browser, consoleUrl));
    } else {
      console_.push(await loadOnce(browser, consoleUrl));
      floor.push(await loadOnce(browser, floorUrl));
    }
  }
  const metrics: Array<[string, keyof FirstLoad]> = [
    ['responseEnd (ms)', 'responseEnd'],
    ['DOMContentLoaded end (ms)', 'domContentLoaded'],
    ['load end (ms)', 'load'],
    ['first contentful paint (ms)', 'fcp'],
    ['  JS bundle received (ms)', 'script'],
    ['  GET /restapis sent (ms)', 'listStart'],
    ['  GET /restapis received (ms)', 'listEnd'],
    [`${APIS} rows in the table (ms)`, 'rows'],
    ['interactive: rows + idle (ms)', 'interactive'],
    ['long tasks during load', 'longTasks'],
    ['long tasks total (ms)', 'longTaskMs'],
    ['click on a radio → next frame (ms)', 'clickToFrame'],
  ];
  const num = (xs: FirstLoad[], k: keyof FirstLoad): number[] => xs.map((x) => Number(x[k]));
  console.log(`\n(1) the first page with ${APIS} APIs: ${RUNS} cold loads each (fresh context), times from navigation start; target: interactive < 1000 ms`);
  table(metrics.map(([label, k]) => {
    const f = num(floor, k);
    const c = num(console_, k);
    const ratio = median(f) > 0 && Number.isFinite(median(c)) ? (median(c) / median(f)).toFixed(2) : '-';
    return { metric: label, 'floor median': fmt(median(f)), 'floor max': fmt(Math.max(...f)), 'console median': fmt(median(c)), 'console max': fmt(Math.max(...c)), 'console / floor (median)': ratio };
  }));
  const selectedOk = console_.filter((x) => x.clickSelected).length;
  const worst = Math.max(...num(console_, 'interactive'));
  console.log(`click selected the row in ${selectedOk}/${RUNS} console loads (floor: ${floor.filter((x) => x.clickSelected).length}/${RUNS}); console interactive: median ${fmt(median(num(console_, 'interactive')))} ms, max ${fmt(worst)} ms → target ${worst < 1000 ? 'met' : 'MISSED'}`);
}

// ---------------------------------------------------------------------------------------------------------
// (2) The Requests page under load

/**
 * Installed before the console's scripts: long tasks, frames, a 50 ms setTimeout lag probe, the page's
 * polls of /_gatehouse/requests (wrapping fetch), and click → detail panel with the clicked request.
 * `__reset()` starts a measurement window, `__report()` ends it.
 */
const REQUESTS_PROBE = (): void => {
  const w = window as unknown as Record<string, unknown>;
  const s = {
    t0: performance.now(),
    longTasks: [] as number[],
    frames: 0,
    maxFrameGap: 0,
    lags: [] as number[],
    polls: [] as number[],
    pollBytes: 0,
    inFlight: 0,
    maxInFlight: 0,
    clicks: [] as Array<{ id: string; ms: number | undefined; kept: boolean | undefined }>,
  };
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) s.longTasks.push(e.duration);
  }).observe({ type: 'longtask', buffered: true });
  let lastFrame = performance.now();
  const frame = (now: number): void => {
    s.frames++;
    s.maxFrameGap = Math.max(s.maxFrameGap, now - lastFrame);
    lastFrame = now;
    requestAnimationFrame(frame);
  };
  requestAnimationFrame(frame);
  const probe = (): void => {
    const due = performance.now() + 50;
    setTimeout(() => {
      s.lags.push(performance.now() - due);
      probe();
    }, 50);
  };
  probe();
  const realFetch = window.fetch.bind(window);
  window.fetch = async (input: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
    const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
    if (!url.includes('/_gatehouse/requests')) return realFetch(input, init);
    const t = performance.now();
    s.inFlight++;
    s.maxInFlight = Math.max(s.maxInFlight, s.inFlight);
    try {
      const res = await realFetch(input, init);
      const text = await res.clone().text();
      s.pollBytes += text.length;
      s.polls.push(performance.now() - t);
      return res;
    } finally {
      s.inFlight--;
    }
  };
  // A click on a request row: how long until the detail panel shows that request, and is it still there 1.5 s on.
  window.addEventListener(
    'click',
    (e) => {
      const tr = (e.target as Element | null)?.closest?.('tr[data-request-id]');
      if (!tr) return;
      const id = tr.getAttribute('data-request-id') ?? '';
      const t0 = e.timeStamp;
      const entry: { id: string; ms: number | undefined; kept: boolean | undefined } = { id, ms: undefined, kept: undefined };
      s.clicks.push(entry);
      const shows = (): boolean => document.querySelector('[data-testid=request-detail]')?.textContent?.includes(id) === true;
      const poll = (): void => {
        if (shows()) {
          entry.ms = performance.now() - t0;
          setTimeout(() => (entry.kept = shows()), 1500);
        } else if (performance.now() - t0 < 3000) requestAnimationFrame(poll);
        else entry.kept = false;
      };
      requestAnimationFrame(poll);
    },
    true,
  );
  w['__reset'] = () => {
    s.t0 = performance.now();
    s.longTasks = [];
    s.frames = 0;
    s.maxFrameGap = 0;
    s.lags = [];
    s.polls = [];
    s.pollBytes = 0;
    s.maxInFlight = s.inFlight;
    s.clicks = [];
    lastFrame = performance.now();
  };
  w['__report'] = () => ({ seconds: (performance.now() - s.t0) / 1000, ...s });
};

interface PageReport {
  seconds: number;
  longTasks: number[];
  frames: number;
  maxFrameGap: number;
  lags: number[];
  polls: number[];
  pollBytes: number;
  maxInFlight: number;
  clicks: Array<{ id: string; ms: number | undefined; kept: boolean | undefined }>;
}

interface Load {
  sent: number;
  ok: number;
  failed: number;
  perSecond: number;
  p50: number;
  p99: number;
}

async function requestsPage(browser: Browser, apig: APIGatewayClient, url: string): Promise<void> {
  const restApiId = await mockApi(apig);
  const target = `${url}/_aws/execute-api/${restApiId}/bench/`;
  const agent = new Agent({ connections: CONNECTIONS });
  // A few requests so the page has rows from the start, and the connections are open.
  await pace(agent, target, 100, 1);
  const context = await browser.newContext({ viewport: VIEWPORT });
  try {
    await context.addInitScript(REQUESTS_PROBE);
    const page = await context.newPage();
    await page.goto(`${url}/_gatehouse/console/requests`, { waitUntil: 'load' });
    await page.locator('tr[data-request-id]').first().waitFor({ timeout: 10_000 });
    await page.waitForTimeout(1000);
    const idle = await measureWindow(page, undefined);
    const loaded = await measureWindow(page, () => pace(agent, target, RATE, SECONDS));
    console.log(`\n(2) the Requests page, ${SECONDS} s idle vs ${SECONDS} s under load (${RATE} requests/s asked, ${CONNECTIONS} keep-alive connections, MOCK integration)`);
    const rows: Array<[string, (r: PageReport, l: Load | undefined) => string]> = [
      ['execute-api requests/s achieved', (_r, l) => (l ? String(Math.round(l.perSecond)) : '0')],
      ['  requests ok / failed', (_r, l) => (l ? `${l.ok} / ${l.failed}` : '-')],
      ['  request latency p50 / p99 (ms)', (_r, l) => (l ? `${fmt(l.p50, 1)} / ${fmt(l.p99, 1)}` : '-')],
      ['frames per second', (r) => fmt(r.frames / r.seconds, 1)],
      ['longest gap between frames (ms)', (r) => fmt(r.maxFrameGap)],
      ['long tasks (count)', (r) => String(r.longTasks.length)],
      ['long tasks total (ms)', (r) => fmt(r.longTasks.reduce((a, b) => a + b, 0))],
      ['long task max (ms)', (r) => fmt(Math.max(0, ...r.longTasks))],
      ['setTimeout lag p50 / max (ms)', (r) => `${fmt(median(r.lags), 1)} / ${fmt(Math.max(0, ...r.lags))}`],
      ['polls of /_gatehouse/requests', (r) => `${r.polls.length} (${fmt(r.polls.length / r.seconds, 2)}/s)`],
      ['poll time p50 / max (ms)', (r) => `${fmt(median(r.polls))} / ${fmt(Math.max(0, ...r.polls))}`],
      ['poll size (kB each)', (r) => fmt(r.polls.length ? r.pollBytes / r.polls.length / 1024 : 0, 1)],
      ['polls in flight at once (max)', (r) => String(r.maxInFlight)],
      ['click a row → its detail (ms, median / max)', (r) => { const ms = r.clicks.flatMap((c) => (c.ms === undefined ? [] : [c.ms])); return ms.length ? `${fmt(median(ms))} / ${fmt(Math.max(...ms))}` : '-'; }],
      ['  detail shown / still shown 1.5 s later', (r) => `${r.clicks.filter((c) => c.ms !== undefined).length}/${r.clicks.length} / ${r.clicks.filter((c) => c.kept).length}/${r.clicks.length}`],
    ];
    table(rows.map(([metric, f]) => ({ metric, idle: f(idle.page, idle.load), [`${RATE} req/s`]: f(loaded.page, loaded.load) })));
  } finally {
    await context.close();
    await agent.close();
  }
}

/** Measures the page for SECONDS (while `drive` runs, if given), clicking the newest row every 2 s. */
async function measureWindow(page: Page, drive: (() => Promise<Load>) | undefined): Promise<{ page: PageReport; load: Load | undefined }> {
  await page.evaluate(() => (window as unknown as { __reset(): void }).__reset());
  const driving = drive?.();
  const clicking = (async () => {
    for (let t = 1000; t < SECONDS * 1000 - 1500; t += 2000) {
      await page.waitForTimeout(t === 1000 ? 1000 : 2000);
      // A real click where the newest row is (the row itself may be replaced any moment under load).
      const box = await page.locator('tr[data-request-id]').first().boundingBox();
      if (box) await page.mouse.click(box.x + box.width / 2, box.y + box.height / 2);
    }
  })();
  const [load] = await Promise.all([driving, clicking, page.waitForTimeout(SECONDS * 1000)]);
  await page.waitForTimeout(1600); // the last click's 1.5 s check
  const report = (await page.evaluate(() => (window as unknown as { __report(): unknown }).__report())) as PageReport;
  return { page: report, load };
}

/** A public API whose root GET is a MOCK answering 200, deployed to `bench`. */
async function mockApi(apig: APIGatewayClient): Promise<string> {
  const api = await apig.send(new CreateRestApiCommand({ name: 'bench-requests', endpointConfiguration: { types: ['REGIONAL'] } }));
  const restApiId = api.id!;
  const resourceId = api.rootResourceId ?? (await apig.send(new GetResourcesCommand({ restApiId }))).items![0]!.id!;
  await apig.send(new PutMethodCommand({ restApiId, resourceId, httpMethod: 'GET', authorizationType: 'NONE' }));
  await apig.send(new PutIntegrationCommand({ restApiId, resourceId, httpMethod: 'GET', type: 'MOCK', requestTemplates: { 'application/json': '{"statusCode": 200}' } }));
  await apig.send(new PutMethodResponseCommand({ restApiId, resourceId, httpMethod: 'GET', statusCode: '200' }));
  await apig.send(new PutIntegrationResponseCommand({ restApiId, resourceId, httpMethod: 'GET', statusCode: '200', responseTemplates: { 'application/json': '{"message":"Hello from MOCK"}' } }));
  await apig.send(new CreateDeploymentCommand({ restApiId, stageName: 'bench' }));
  return restApiId;
}

/**
 * `rate` requests/s for `seconds`, paced: every 10 ms, as many requests start as are due (at most 256 in
 * flight), so a slow server makes the achieved rate drop rather than the requests bunch up.
 */
async function pace(agent: Agent, url: string, rate: number, seconds: number): Promise<Load> {
  const latencies: number[] = [];
  let sent = 0;
  let ok = 0;
  let failed = 0;
  let inFlight = 0;
  const total = Math.round(rate * seconds);
  const start = performance.now();
  const one = async (): Promise<void> => {
    inFlight++;
    const t0 = performance.now();
    try {
      const res = await request(url, { dispatcher: agent });
      await res.body.text();
      if (res.statusCode === 200) ok++;
      else failed++;
      latencies.push(performance.now() - t0);
    } catch {
      failed++;
    } finally {
      inFlight--;
    }
  };
  const pending: Array<Promise<void>> = [];
  await new Promise<void>((resolve) => {
    const tick = (): void => {
      const elapsed = performance.now() - start;
      const due = Math.min(total, Math.floor((elapsed / 1000) * rate));
      while (sent < due && inFlight < 256) {
        sent++;
        pending.push(one());
      }
      if (elapsed >= seconds * 1000) {
        clearInterval(timer);
        resolve();
      }
    };
    const timer = setInterval(tick, 10);
  });
  await Promise.all(pending);
  const elapsed = (performance.now() - start) / 1000;
  latencies.sort((a, b) => a - b);
  const at = (q: number): number => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))] ?? 0;
  return { sent, ok, failed, perSecond: ok / elapsed, p50: at(0.5), p99: at(0.99) };
}

function median(xs: number[]): number {
  if (xs.length === 0) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

function fmt(n: number, digits = 0): string {
  return Number.isFinite(n) ? n.toFixed(digits) : '-';
}
