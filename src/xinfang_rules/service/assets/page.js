// The office's page: plain JavaScript, no build step, nothing loaded from elsewhere.
// Every text from a file or an answer is set with textContent, never parsed as HTML.
"use strict";

const TEXTS = {
  zh: {
    title: "信访事项办理助手", token: "访问令牌",
    tokenLabel: "访问令牌（由本服务的管理员提供，只保存在本标签页）", tokenSave: "确定",
    tokenAsk: "本服务需要访问令牌：请输入后重试。", tokenSaved: "已保存，只在本标签页有效。",
    tabLedger: "台账预警", tabTimeline: "期限计算", tabCalendar: "工作日历", tabRota: "接访安排",
    ledgerFile: "台账文件（xlsx 或 CSV，GB18030 亦可）", ledgerExample: "或使用示例台账",
    ledgerMapping: "列名映射文件（可选，.toml）", ledgerUnit: "登记单位（台账无此列时）",
    ledgerOn: "判断日期", ledgerSoon: "临期提前（工作日）", ledgerRun: "生成预警清单",
    dlAlerts: "下载 预警清单.xlsx", dlReport: "下载 通报.xlsx", dlRejected: "下载 待修正.xlsx",
    print: "打印", alertsCaption: "预警清单（超期红色，临期黄色；点击截止日期查看逐日计算）",
    colUnit: "责任单位", colId: "信访编号", colState: "状态", colDuty: "事项", colDue: "截止日期",
    colDays: "超期/剩余天数", colSource: "依据", colQuote: "原文", colDate: "日期",
    colBefore: "原为", colAfter: "改为", colHours: "时间", colPlace: "地点", colLeaders: "接访领导",
    rejectedTitle: "无法使用的行（待修正）", reportTitle: "通报指标", noRejected: "没有。",
    tlReceived: "收到（登记）日期；转送、交办来的事项填本机关收到之日", tlAccepted: "受理日期（可选）",
    tlReply: "收到答复意见日期（可选）", tlRegime: "适用规定", tlRun: "计算期限",
    tlAuto: "按登记日期自动选择（全国）", notStarted: "尚未开始（起算事件未填）",
    prev: "上月", next: "下月", month: "月份", legendHoliday: "放假", legendMakeup: "调休上班",
    legendWeekend: "周末", legendProvisional: "暂定",
    noticeTitle: "核对放假通知", noticeLabel: "粘贴国务院办公厅放假通知全文",
    noticeRun: "读取并检查", changesCaption: "与本服务当前日历相比的变化",
    noticeDownload: "下载通知文件（.toml）",
    noticeNote: "本服务的日历只由管理员在启动时用 --notice 更改；下载的文件交管理员即可。",
    rotaFile: "接访配置文件（.toml 或 .json）", rotaExample: "或使用示例配置",
    rotaFrom: "起始日期", rotaTo: "截止日期", rotaRun: "生成接访安排",
    dlRotaXlsx: "下载公示（xlsx）", dlRotaMd: "下载公示（Markdown）", dlRotaIcs: "下载日程（ICS）",
    footer: "所有文件只在本机服务内存中处理，不保存、不外传。",
    working: "正在处理……", overdue: "超期", dueSoon: "临期", provisional: "暂定",
    daysOver: "超期 {n} 日", daysLeft: "剩余 {n} 日", none: "（无）",
    alertsHeading: "截至 {on}：超期 {o} 项，临期 {s} 项",
    reportPeriod: "统计期间 {start} 至 {end}（截至 {on}）",
    monthSummary: "{y} 年 {m} 月：工作日 {n} 天", monthProvisional: "该年未收录放假通知，日历为暂定。",
    weekdays: ["一", "二", "三", "四", "五", "六", "日"],
    noticeSummary: "{y} 年放假通知：{items} 项，放假 {off} 天，调休上班 {work} 天",
    noChanges: "与当前日历相比没有变化。", gap: "空缺：", conflict: "冲突：", note: "提示：",
    rotaHeading: "{title}（{start} 至 {end}，{n} 次接访）",
    rotaProvisional: "注意：{years} 年未收录国务院办公厅放假通知，该年的接访日期为暂定。",
    failed: "出错了：", network: "无法连接服务，请检查服务是否在运行。",
  },
  en: {
    title: "Petition handling assistant", token: "Access token",
    tokenLabel: "Access token (from the service's administrator; kept for this tab only)",
    tokenSave: "OK", tokenAsk: "This service needs an access token: enter it and try again.",
    tokenSaved: "Saved, for this tab only.",
    tabLedger: "Ledger alerts", tabTimeline: "Deadlines", tabCalendar: "Working calendar",
    tabRota: "Reception rota",
    ledgerFile: "Ledger file (xlsx or CSV, GB18030 too)", ledgerExample: "or an example ledger",
    ledgerMapping: "Column mapping (optional, .toml)",
    ledgerUnit: "Receiving unit (if the ledger has no such column)", ledgerOn: "Judged on",
    ledgerSoon: "Due soon within (working days)", ledgerRun: "Make the alert list",
    dlAlerts: "Download 预警清单.xlsx", dlReport: "Download 通报.xlsx",
    dlRejected: "Download 待修正.xlsx", print: "Print",
    alertsCaption: "Alerts (overdue red, due soon amber; open a due date for its day-by-day count)",
    colUnit: "Unit", colId: "Petition", colState: "State", colDuty: "Duty", colDue: "Due",
    colDays: "Days over / left", colSource: "Article", colQuote: "Words", colDate: "Date",
    colBefore: "Was", colAfter: "Becomes", colHours: "Hours", colPlace: "Place",
    colLeaders: "Leaders", rejectedTitle: "Rows that cannot be used (to fix)",
    reportTitle: "Figures", noRejected: "None.",
    tlReceived: "Received on (a forwarded or assigned matter: the day this office received it)", tlAccepted: "Accepted on (optional)",
    tlReply: "Reply received on (optional)", tlRegime: "Rules", tlRun: "Compute",
    tlAuto: "By the day received (national)", notStarted: "not started (its starting event is not given)",
    prev: "Previous", next: "Next", month: "Month", legendHoliday: "Day off",
    legendMakeup: "Make-up working day", legendWeekend: "Weekend", legendProvisional: "Provisional",
    noticeTitle: "Check a holiday notice", noticeLabel: "Paste the State Council's holiday notice",
    noticeRun: "Read and check", changesCaption: "What it changes in the service's calendar",
    noticeDownload: "Download the notice file (.toml)",
    noticeNote: "The service's calendar is changed only by its administrator at start-up (--notice); hand them the file.",
    rotaFile: "Rota configuration (.toml or .json)", rotaExample: "or an example configuration",
    rotaFrom: "From", rotaTo: "To", rotaRun: "Make the rota",
    dlRotaXlsx: "Download the notice (xlsx)", dlRotaMd: "Download the notice (Markdown)",
    dlRotaIcs: "Download the calendar (ICS)",
    footer: "Files are read in this service's memory only: never stored, never sent elsewhere.",
    working: "Working…", overdue: "overdue", dueSoon: "due soon", provisional: "provisional",
    daysOver: "{n} days over", daysLeft: "{n} days left", none: "(none)",
    alertsHeading: "On {on}: {o} overdue, {s} due soon",
    reportPeriod: "From {start} to {end} (taken on {on})",
    monthSummary: "{y}-{m}: {n} working days",
    monthProvisional: "No official notice for this year: the month is provisional.",
    weekdays: ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"],
    noticeSummary: "{y} notice: {items} items, {off} days off, {work} make-up working days",
    noChanges: "No change against the calendar in use.", gap: "Gap: ", conflict: "Conflict: ",
    note: "Note: ", rotaHeading: "{title} ({start} to {end}, {n} receptions)",
    rotaProvisional: "Note: no official holiday notice for {years}: its reception days are provisional.",
    failed: "Failed: ", network: "Cannot reach the service: is it running?",
  },
};

let lang = sessionStorage.getItem("xinfang-lang") === "en" ? "en" : "zh";
const $ = (id) => document.getElementById(id);
const t = (key, values) => {
  let text = TEXTS[lang][key];
  for (const [k, v] of Object.entries(values || {})) text = text.replace(`{${k}}`, String(v));
  return text;
};

function el(tag, text, className) {
  const node = document.createElement(tag);
  if (text !== undefined && text !== null) node.textContent = String(text);
  if (className) node.className = className;
  return node;
}

function applyLanguage() {
  document.documentElement.lang = lang === "zh" ? "zh-CN" : "en";
  document.title = t("title");
  for (const node of document.querySelectorAll("[data-t]")) node.textContent = t(node.dataset.t);
  $("lang").textContent = lang === "zh" ? "English" : "中文";
  $("lang").lang = lang === "zh" ? "en" : "zh-CN";
  fillRegimes();
}

// ------------------------------------------------------------------ requests

class Problem extends Error {}

async function call(method, path, body) {
  const headers = { "Accept-Language": lang === "zh" ? "zh-CN" : "en" };
  const token = sessionStorage.getItem("xinfang-token");
  if (token) headers.Authorization = `Bearer ${token}`;
  if (body !== undefined) headers["Content-Type"] = "application/json";
  let response;
  try {
    response = await fetch(path, {
      method, headers, body: body === undefined ? undefined : JSON.stringify(body),
      cache: "no-store", credentials: "omit",
    });
  } catch (e) {
    throw new Problem(t("network"));
  }
  if (response.status === 401) {
    showToken(t("tokenAsk"));
  }
  if (!response.ok) {
    let text = `${response.status}`;
    try {
      const p = await response.json();
      text = p.detail || p.title || text;
    } catch (e) { /* not JSON: the status says it */ }
    throw new Problem(text);
  }
  return response;
}

async function json(method, path, body) {
  return (await call(method, path, body)).json();
}

async function download(path, body, fallbackName) {
  const response = await call("POST", path, body);
  const disposition = response.headers.get("Content-Disposition") || "";
  const match = /filename\*=UTF-8''([^;]+)/.exec(disposition);
  const name = match ? decodeURIComponent(match[1]) : fallbackName;
  const url = URL.createObjectURL(await response.blob());
  const a = el("a");
  a.href = url;
  a.download = name;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60000);
}

function readFile(input) {
  const file = input.files && input.files[0];
  if (!file) return Promise.resolve(null);
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve({ name: file.name, data: String(reader.result).split(",", 2)[1] || "" });
    reader.onerror = () => reject(new Problem(file.name));
    reader.readAsDataURL(file);
  });
}

async function run(messageId, button, work) {
  const message = $(messageId);
  message.textContent = t("working");
  message.classList.remove("error");
  button.disabled = true;
  try {
    await work();
    message.textContent = "";
  } catch (e) {
    message.textContent = t("failed") + (e instanceof Problem ? e.message : String(e));
    message.classList.add("error");
  } finally {
    button.disabled = false;
  }
}

function showToken(text) {
  $("token-panel").hidden = false;
  $("token-message").textContent = text || "";
  $("token-input").focus();
}

// ------------------------------------------------------------------ tabs

function showTab(tab) {
  for (const other of document.querySelectorAll('[role="tab"]')) {
    const selected = other === tab;
    other.setAttribute("aria-selected", String(selected));
    other.tabIndex = selected ? 0 : -1;
    $(other.getAttribute("aria-controls")).hidden = !selected;
  }
  if (tab.id === "tab-calendar" && !$("month-grid").dataset.loaded) loadMonth();
}

function setUpTabs() {
  const tabs = [...document.querySelectorAll('[role="tab"]')];
  tabs.forEach((tab, i) => {
    tab.addEventListener("click", () => showTab(tab));
    tab.addEventListener("keydown", (event) => {
      const step = { ArrowRight: 1, ArrowLeft: -1 }[event.key];
      if (!step) return;
      const next = tabs[(i + step + tabs.length) % tabs.length];
      next.focus();
      showTab(next);
    });
  });
  showTab(tabs[0]);
}

// ------------------------------------------------------------------ 台账预警

let ledgerBody = null;
let alertRows = [];
let sortKey = "unit";

async function ledgerRequest() {
  const body = {
    file: await readFile($("ledger-file")),
    example: $("ledger-example").value,
    mapping: await readFile($("ledger-mapping")),
    unit: $("ledger-unit").value,
    on: $("ledger-on").value || null,
    due_soon: Number($("ledger-soon").value || 3),
  };
  if (body.file) delete body.example; else delete body.file;
  if (!body.mapping) delete body.mapping;
  return body;
}

function explanation(summaryText, text) {
  if (!text) return el("span", summaryText);
  const details = el("details");
  details.append(el("summary", summaryText), el("pre", text, "explain"));
  return details;
}

function renderAlerts() {
  // by unit: the server's order (unit, overdue first, due date), the workbook's order too
  const rows = alertRows.map((a, i) => ({ ...a, order: i }));
  if (sortKey === "due") rows.sort((a, b) => (a.due < b.due ? -1 : a.due > b.due ? 1 : a.order - b.order));
  const tbody = $("alerts").tBodies[0];
  tbody.replaceChildren();
  for (const a of rows) {
    const tr = el("tr", null, a.state === "超期" ? "overdue" : "due-soon");
    const state = el("td", a.state === "超期" ? t("overdue") : t("dueSoon"));
    if (a.provisional) state.append(el("span", t("provisional"), "mark"));
    const due = el("td");
    due.append(explanation(a.due, a.explanation));
    tr.append(el("td", a.unit), el("td", a.petition), state, el("td", a.duty), due,
      el("td", a.state === "超期" ? t("daysOver", { n: a.days }) : t("daysLeft", { n: a.days })),
      el("td", a.source));
    tbody.append(tr);
  }
  for (const b of document.querySelectorAll("#alerts .sort")) {
    b.closest("th").setAttribute("aria-sort", b.dataset.key === sortKey ? "ascending" : "none");
  }
}

function renderLedger(answer) {
  alertRows = answer.alerts;
  $("ledger-heading").textContent = `${answer.file}：` + t("alertsHeading", { on: answer.on, o: answer.overdue, s: answer.due_soon });
  $("ledger-summary").textContent = answer.summary;
  renderAlerts();
  const list = $("rejected");
  list.replaceChildren(...(answer.rejected.length ? answer.rejected.map((r) => el("li", r.text)) : [el("li", t("noRejected"))]));
  $("dl-rejected").disabled = answer.rejected.length === 0;
  const r = answer.report;
  $("report-period").textContent = t("reportPeriod", r);
  const tbody = $("figures").tBodies[0];
  tbody.replaceChildren(...r.figures.map((f) => {
    const tr = el("tr");
    tr.append(el("th", f.title), el("td", f.value));
    return tr;
  }));
  $("report-left-out").textContent = r.left_out;
  $("ledger-result").hidden = false;
}

function setUpLedger() {
  $("ledger-form").addEventListener("submit", (event) => {
    event.preventDefault();
    run("ledger-message", $("ledger-run"), async () => {
      ledgerBody = await ledgerRequest();
      renderLedger(await json("POST", "/page/api/ledger", ledgerBody));
    });
  });
  for (const [id, kind, name] of [["dl-alerts", "alerts", "预警清单.xlsx"], ["dl-report", "report", "通报.xlsx"], ["dl-rejected", "rejected", "待修正.xlsx"]]) {
    $(id).addEventListener("click", () => run("ledger-message", $(id), () => download(`/page/api/ledger/${kind}`, ledgerBody, name)));
  }
  for (const b of document.querySelectorAll("#alerts .sort")) {
    b.addEventListener("click", () => { sortKey = b.dataset.key; renderAlerts(); });
  }
  $("ledger-print").addEventListener("click", () => window.print());
}

// ------------------------------------------------------------------ 期限计算

let regimes = [];

function fillRegimes() {
  const select = $("tl-regime");
  const chosen = select.value;
  select.replaceChildren(el("option", t("tlAuto")));
  select.options[0].value = "";
  for (const r of regimes) {
    const option = el("option", `${r.title}（${r.id}）`);
    option.value = r.id;
    select.append(option);
  }
  select.value = chosen;
}

function renderTimeline(answer) {
  $("timeline-heading").textContent = `${answer.title}（${answer.regime}）`;
  const tbody = $("periods").tBodies[0];
  tbody.replaceChildren();
  for (const p of answer.periods) {
    const tr = el("tr", null, p.due ? "" : "not-started");
    const due = el("td");
    if (p.due) {
      due.append(explanation(p.due + (p.provisional ? `（${t("provisional")}）` : ""), p.explanation));
      if (p.why) due.append(el("div", p.why, "why"));
    } else {
      due.textContent = t("notStarted");
    }
    tr.append(el("td", p.title), due, el("td", p.source), el("td", p.quote, "quote"));
    tbody.append(tr);
  }
  $("timeline-result").hidden = false;
}

function setUpTimeline() {
  $("timeline-form").addEventListener("submit", (event) => {
    event.preventDefault();
    run("timeline-message", $("tl-run"), async () => {
      renderTimeline(await json("POST", "/page/api/timeline", {
        received: $("tl-received").value || null,
        accepted: $("tl-accepted").value || null,
        reply_received: $("tl-reply").value || null,
        regime: $("tl-regime").value || null,
      }));
    });
  });
}

// ------------------------------------------------------------------ 工作日历

let noticeFile = null;

async function loadMonth() {
  const value = $("month").value;
  if (!value) return;
  const button = $("month-next");
  await run("month-message", button, async () => {
    const answer = await json("GET", `/calendar/month/${encodeURIComponent(value)}`);
    const grid = $("month-grid");
    grid.dataset.loaded = value;
    grid.tHead.rows[0].replaceChildren(...t("weekdays").map((w) => el("th", w)));
    const tbody = grid.tBodies[0];
    tbody.replaceChildren();
    let row = el("tr");
    const first = new Date(`${value}-01T00:00:00`);
    for (let i = 0; i < (first.getDay() + 6) % 7; i++) row.append(el("td", "", "blank"));
    for (const d of answer.days) {
      if (row.children.length === 7) { tbody.append(row); row = el("tr"); }
      const cell = el("td", null, `day ${d.kind}${d.official ? "" : " provisional"}`);
      cell.title = lang === "zh" ? d.reason_zh : d.reason_en;
      cell.dataset.date = d.date;
      cell.append(el("span", Number(d.date.slice(8)), "number"));
      const label = d.kind === "makeup_workday" ? t("legendMakeup") : d.holiday || "";
      if (label) cell.append(el("span", label, "label"));
      if (!d.official) cell.append(el("span", t("provisional"), "mark"));
      row.append(cell);
    }
    while (row.children.length < 7) row.append(el("td", "", "blank"));
    tbody.append(row);
    $("month-summary").textContent = t("monthSummary", { y: answer.year, m: answer.month, n: answer.workdays }) + (answer.provisional ? ` ${t("monthProvisional")}` : "");
  });
}

function shiftMonth(step) {
  const [y, m] = $("month").value.split("-").map(Number);
  const d = new Date(y, m - 1 + step, 1);
  $("month").value = `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, "0")}`;
  loadMonth();
}

function renderNotice(answer) {
  noticeFile = answer;
  $("notice-summary").textContent = t("noticeSummary", { y: answer.year, items: answer.items.length, off: answer.days_off, work: answer.workdays }) + (answer.title ? `（${answer.title}）` : "");
  $("notice-items").replaceChildren(...answer.items.map((i) => el("li", `${i.label}：${i.days_off.length} / ${i.workdays.length}`)));
  const tbody = $("notice-changes").tBodies[0];
  tbody.replaceChildren(...answer.changes.map((c) => {
    const tr = el("tr");
    tr.append(el("td", `${c.date} ${c.weekday}`), el("td", c.before), el("td", c.after));
    return tr;
  }));
  if (!answer.changes.length) {
    const tr = el("tr");
    const td = el("td", t("noChanges"));
    td.colSpan = 3;
    tr.append(td);
    tbody.append(tr);
  }
  $("notice-result").hidden = false;
}

function setUpCalendar() {
  $("month").addEventListener("change", loadMonth);
  $("month-prev").addEventListener("click", () => shiftMonth(-1));
  $("month-next").addEventListener("click", () => shiftMonth(1));
  $("month-form").addEventListener("submit", (event) => { event.preventDefault(); loadMonth(); });
  $("notice-form").addEventListener("submit", (event) => {
    event.preventDefault();
    $("notice-result").hidden = true;
    run("notice-message", $("notice-run"), async () => {
      renderNotice(await json("POST", "/page/api/notice", { text: $("notice-text").value }));
    });
  });
  $("notice-download").addEventListener("click", () => {
    if (!noticeFile) return;
    const url = URL.createObjectURL(new Blob([noticeFile.file], { type: "application/toml" }));
    const a = el("a");
    a.href = url;
    a.download = noticeFile.file_name;
    document.body.append(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(url), 60000);
  });
}

// ------------------------------------------------------------------ 接访安排

let rotaBody = null;

function renderRota(answer) {
  $("rota-heading").textContent = t("rotaHeading", { title: answer.title, start: answer.start, end: answer.end, n: answer.rows.length });
  $("rota-problems").replaceChildren(
    ...(answer.provisional_years.length ? [el("li", t("rotaProvisional", { years: answer.provisional_years.join("、") }), "note")] : []),
    ...answer.gaps.map((g) => el("li", t("gap") + g, "gap")),
    ...answer.conflicts.map((c) => el("li", t("conflict") + c, "conflict")),
    ...answer.notes.map((n) => el("li", t("note") + n, "note")),
  );
  const tbody = $("rota-table").tBodies[0];
  tbody.replaceChildren(...answer.rows.map((r) => {
    const tr = el("tr");
    tr.append(el("td", `${r.date} ${r.weekday}`), el("td", r.hours), el("td", r.place), el("td", r.leaders));
    return tr;
  }));
  $("rota-result").hidden = false;
}

function setUpRota() {
  $("rota-form").addEventListener("submit", (event) => {
    event.preventDefault();
    run("rota-message", $("rota-run"), async () => {
      const config = await readFile($("rota-file"));
      rotaBody = { from: $("rota-from").value || null, to: $("rota-to").value || null };
      if (config) rotaBody.config = config; else rotaBody.example = $("rota-example").value;
      renderRota(await json("POST", "/page/api/rota", rotaBody));
    });
  });
  for (const [id, kind, name] of [["dl-rota-xlsx", "xlsx", "接访公示.xlsx"], ["dl-rota-md", "md", "接访公示.md"], ["dl-rota-ics", "ics", "接访安排.ics"]]) {
    $(id).addEventListener("click", () => run("rota-message", $(id), () => download(`/page/api/rota/${kind}`, rotaBody, name)));
  }
}

// ------------------------------------------------------------------ start

async function start() {
  applyLanguage();
  $("lang").addEventListener("click", () => {
    lang = lang === "zh" ? "en" : "zh";
    sessionStorage.setItem("xinfang-lang", lang);
    applyLanguage();
    if ($("month-grid").dataset.loaded) loadMonth();
  });
  $("token-open").addEventListener("click", () => showToken(""));
  $("token-panel").addEventListener("submit", (event) => {
    event.preventDefault();
    sessionStorage.setItem("xinfang-token", $("token-input").value.trim());
    $("token-input").value = "";
    $("token-message").textContent = t("tokenSaved");
    loadExamples();
  });
  setUpTabs();
  setUpLedger();
  setUpTimeline();
  setUpCalendar();
  setUpRota();
  await loadExamples();
  document.body.dataset.ready = "true";
}

async function loadExamples() {
  try {
    const answer = await json("GET", "/page/api/examples");
    regimes = answer.regimes;
    fillRegimes();
    for (const [id, names] of [["ledger-example", answer.ledgers], ["rota-example", answer.rotas]]) {
      $(id).replaceChildren(...names.map((n) => { const o = el("option", n); o.value = n; return o; }));
    }
    if (!$("ledger-unit").value) $("ledger-unit").value = answer.unit;
    if (!$("ledger-on").value) $("ledger-on").value = answer.today;
    if (!$("month").value) $("month").value = answer.today.slice(0, 7);
    const year = Number(answer.today.slice(0, 4));
    if (!$("rota-from").value) $("rota-from").value = `${year + 1}-01-01`;
    if (!$("rota-to").value) $("rota-to").value = `${year + 1}-03-31`;
  } catch (e) {
    $("ledger-message").textContent = t("failed") + (e instanceof Problem ? e.message : String(e));
    $("ledger-message").classList.add("error");
  }
}

document.addEventListener("DOMContentLoaded", start);
