import { getJson, postJson, getText, request, enc, ApiError } from './api.js';
import { h, render, table, fmt, badge, simulatedBanner } from './dom.js';
import { eloChart, lineageGraph } from './charts.js';

const main = document.getElementById('main');
const notice = document.getElementById('notice');
const POLL_MS = 2000;
const TERMINAL = new Set(['completed', 'stopped', 'failed']);
let timer = null;
let view = 0; // bumps on navigation so a stale poll never draws over a new page

// kind 'status' marks a notice that states the run's status: refresh() keeps it true as the run moves on.
function say(text, isError, kind) {
  notice.hidden = false;
  notice.className = isError ? 'notice error' : 'notice';
  notice.textContent = text;
  notice.dataset.kind = kind || '';
}

function fail(error) {
  say(error instanceof ApiError ? error.message : `Something went wrong: ${error.message}`, true);
}

async function route() {
  clearTimeout(timer);
  view++;
  notice.hidden = true;
  const hash = location.hash.replace(/^#\/?/, '');
  const parts = hash.split('/').filter(Boolean).map(decodeURIComponent);
  try {
    if (parts[0] === 'runs' && parts[1] && parts[2] === 'proposals' && parts[3]) await proposalPage(parts[1], parts[3]);
    else if (parts[0] === 'runs' && parts[1]) await runPage(parts[1]);
    else if (parts[0] === 'new') newRunPage();
    else await runsPage(parts[0] === 'page' ? parts[1] : null);
  } catch (e) {
    render(main, h('h1', {}, 'Could not load this page'), h('p', { class: 'error' }, e.message));
  }
  main.focus({ preventScroll: true });
}

// ---------- Runs list

const pages = [];
async function runsPage(continuation) {
  const mine = view;
  const query = 'runs?top=10' + (continuation ? '&continuation=' + enc(continuation) : '');
  const list = await getJson(query);
  // The list gives status and round; proposals, matches and cost come from each run's status.
  const details = await Promise.all(list.runs.map((r) => getJson('runs/' + enc(r.runId)).catch(() => null)));
  if (mine !== view) return;
  const rows = list.runs.map((r, i) => ({ ...r, detail: details[i] }));
  const pager = h('div', { class: 'actions' },
    continuation ? h('button', { type: 'button', onclick: () => { history.back(); } }, '← Newer') : null,
    list.continuation ? h('button', { type: 'button', onclick: () => { pages.push(continuation); location.hash = '#/page/' + enc(list.continuation); } }, 'Older →') : null);
  render(main, 
    h('h1', {}, 'Runs'),
    h('p', {}, h('a', { href: '#/new' }, 'Start a new run')),
    rows.length === 0 ? h('p', {}, 'No runs yet.') : table('Runs, newest first', [
      { title: 'Goal', cls: 'goal-cell', cell: (r) => h('a', { href: '#/runs/' + enc(r.runId) }, r.goal) },
      { title: 'Status', cell: (r) => [badge(r.status), r.simulated ? h('span', { class: 'badge', title: 'Simulated model' }, 'simulated') : null] },
      { title: 'Round', num: true, cell: (r) => r.round },
      { title: 'Proposals', num: true, cell: (r) => r.detail?.counts.proposals ?? '—' },
      { title: 'Matches', num: true, cell: (r) => r.detail?.counts.matches ?? '—' },
      { title: 'Cost', num: true, cell: (r) => (r.detail ? fmt.usd(r.detail.usage.costUsd) : '—') },
      { title: 'Started', cell: (r) => fmt.date(r.createdAt) },
    ], rows),
    pager);
}

// ---------- Start a run

function lines(text) {
  return text.split('\n').map((s) => s.trim()).filter(Boolean);
}

function newRunPage() {
  const field = (id, label, input, hint) => h('div', {}, h('label', { for: id }, label, hint ? h('span', { class: 'hint' }, ' ' + hint) : null), input);
  const num = (id, attrs) => h('input', { id, name: id, type: 'number', inputmode: 'decimal', ...attrs });
  const estimateBox = h('div', { class: 'estimate', 'aria-live': 'polite', id: 'estimate' }, 'Ask for an estimate to see the calls, tokens and cost before starting.');
  const start = h('button', { type: 'submit', class: 'primary', disabled: true, id: 'start-run' }, 'Start the run');
  const form = h('form', { class: 'stack', id: 'new-run', novalidate: true },
    field('goal', 'Research goal', h('textarea', { id: 'goal', name: 'goal', required: true, maxlength: 4000, rows: 4 })),
    field('preferences', 'Preferences', h('textarea', { id: 'preferences', rows: 2 }), '(one per line)'),
    field('constraints', 'Constraints', h('textarea', { id: 'constraints', rows: 2 }), '(one per line)'),
    h('div', { class: 'row' },
      field('maxProposals', 'Max proposals', num('maxProposals', { min: 2, max: 500, value: 12 })),
      field('maxMatches', 'Max matches', num('maxMatches', { min: 1 }), '(optional)'),
      field('budgetUsd', 'Budget (USD)', num('budgetUsd', { min: 0, step: 'any' }), '(optional)'),
      field('maxTokens', 'Max tokens', num('maxTokens', { min: 1 }), '(optional)'),
      field('maxMinutes', 'Max minutes', num('maxMinutes', { min: 0, step: 'any' }), '(optional)'),
      field('seed', 'Seed', num('seed', { value: 1 }))),
    h('div', { class: 'check' },
      h('input', { id: 'literature', name: 'literature', type: 'checkbox', checked: true, 'aria-describedby': 'literature-hint' }),
      h('label', { for: 'literature' }, 'Search the literature'),
      h('p', { class: 'hint', id: 'literature-hint' }, 'Ticked: the agents search the sources the server\'s Literature settings turn on. Unticked: they read only the run\'s attached context, and no literature source is asked.')),
    h('div', { class: 'actions' }, h('button', { type: 'button', id: 'estimate-run', onclick: () => estimate() }, 'Estimate cost'), start),
    estimateBox);

  function body() {
    const v = (id) => form.querySelector('#' + id).value.trim();
    const n = (id) => (v(id) === '' ? undefined : Number(v(id)));
    return {
      goal: v('goal'), preferences: lines(form.querySelector('#preferences').value), constraints: lines(form.querySelector('#constraints').value),
      maxProposals: n('maxProposals'), maxMatches: n('maxMatches'), budgetUsd: n('budgetUsd'), maxTokens: n('maxTokens'), maxMinutes: n('maxMinutes'), seed: n('seed'),
      literature: form.querySelector('#literature').checked,
    };
  }

  let estimated = null;
  form.addEventListener('input', () => { if (estimated !== JSON.stringify(body())) start.disabled = true; });
  async function estimate() {
    estimateBox.textContent = 'Estimating…';
    try {
      const e = await postJson('estimates', body());
      estimated = JSON.stringify(body());
      render(estimateBox, 
        h('h2', {}, 'Estimate'),
        h('p', { 'data-testid': 'estimate-summary' }, `${fmt.int(e.calls)} calls, ${fmt.int(e.totalTokens)} tokens (${fmt.int(e.inputTokens)} in, ${fmt.int(e.outputTokens)} out), about ${fmt.usd(e.costUsd)} on ${e.model}.`),
        table(null, [
          { title: 'Slot', cell: (s) => s.slot }, { title: 'Model', cell: (s) => s.model }, { title: 'Calls', num: true, cell: (s) => fmt.int(s.calls) },
          { title: 'Tokens', num: true, cell: (s) => fmt.int(s.inputTokens + s.outputTokens) }, { title: 'Cost', num: true, cell: (s) => fmt.usd(s.costUsd) },
        ], e.slots),
        h('p', { class: 'hint' }, e.method, ' Check the figures, then start the run.'));
      start.disabled = false;
    } catch (err) {
      render(estimateBox, h('p', { class: 'error' }, err.message));
    }
  }

  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    if (start.disabled) return;
    start.disabled = true;
    try {
      const created = await postJson('runs', body());
      location.hash = '#/runs/' + enc(created.runId);
    } catch (err) {
      fail(err);
      start.disabled = false;
    }
  });
  render(main, h('h1', {}, 'Start a run'), form);
}

// ---------- A run, live

async function runPage(runId) {
  const mine = view;
  const path = 'runs/' + enc(runId);
  const state = { favourites: new Set(), lastMatches: -1 };
  const sections = {
    head: h('div'), controls: h('section', { 'aria-labelledby': 'h-steer' }), agents: h('div'), board: h('div'),
    chart: h('div', { class: 'chart-box' }, h('canvas', { id: 'elo-chart', role: 'img', 'aria-label': 'Elo of each proposal after each match' })),
    chartNote: h('p', { class: 'hint' }), lineage: h('div', { class: 'graph-box', id: 'lineage-graph', role: 'img', 'aria-label': 'Lineage graph of evolved proposals' }),
    lineageList: h('div'), clusters: h('div'), setAside: h('div'), results: h('div'),
  };
  render(main, 
    sections.head,
    h('h2', { id: 'h-work' }, 'Work per agent'), sections.agents,
    h('h2', { id: 'h-board' }, 'Leaderboard'), sections.board,
    h('h2', { id: 'h-elo' }, 'Elo over time'), sections.chart, sections.chartNote,
    h('h2', { id: 'h-lineage' }, 'Lineage of evolved proposals'), sections.lineage, sections.lineageList,
    h('h2', { id: 'h-clusters' }, 'Proximity clusters'), sections.clusters,
    h('h2', { id: 'h-setaside' }, 'Set aside'), sections.setAside,
    h('h2', { id: 'h-steer' }, 'Steer the run'), sections.controls,
    h('h2', { id: 'h-results' }, 'Results'), sections.results);
  const chart = eloChart(sections.chart.querySelector('canvas'));
  const graph = lineageGraph(sections.lineage);
  let steeringBuilt = false;

  async function refresh() {
    const [status, board, ratings, lineage, setAside, favs] = await Promise.all([
      getJson(path), getJson(path + '/proposals'), getJson(path + '/ratings'), getJson(path + '/lineage'), getJson(path + '/set-aside'), getJson(path + '/favourites'),
    ]);
    if (mine !== view) return;
    state.favourites = new Set(favs.proposalIds);
    // A status notice said what the run was when a button was pressed; say what it is now, and say when
    // a run watched here ends, rather than leave "Run running." standing over a completed run.
    const ended = state.status && !TERMINAL.has(state.status.status) && TERMINAL.has(status.status);
    if (notice.dataset.kind === 'status' || ended) say(`Run ${status.status}.`, false, 'status');
    state.status = status;
    state.board = board;
    const nodes = new Map(lineage.nodes.map((n) => [n.id, n]));
    drawHead(status);
    drawAgents(status);
    drawBoard(board, nodes);
    chart.update(ratings);
    sections.chartNote.textContent = ratings.matches.length === 0 ? 'No matches yet.' : `${ratings.matches.length} matches; the five leaders are drawn in colour, the rest in grey.`;
    sections.lineage.hidden = lineage.edges.length === 0;
    graph.update(lineage);
    drawLineageList(lineage, nodes);
    drawClusters(lineage, nodes);
    drawSetAside(setAside);
    if (!steeringBuilt) { buildSteering(); steeringBuilt = true; }
    updateSteering(status, board);
    await drawResults(status);
    if (!TERMINAL.has(status.status)) timer = setTimeout(poll, POLL_MS);
  }
  async function poll() {
    try { await refresh(); } catch (e) { fail(e); if (mine === view) timer = setTimeout(poll, POLL_MS * 2); }
  }

  function drawHead(s) {
    render(sections.head, 
      h('h1', {}, s.goal.text),
      simulatedBanner(s.simulated),
      h('dl', { class: 'facts', 'data-testid': 'run-facts' },
        h('dt', {}, 'Status'), h('dd', { id: 'run-status' }, badge(s.status), s.finalizing && !TERMINAL.has(s.status) ? ' (writing the overview)' : '', s.stopRequested && !TERMINAL.has(s.status) ? ' (stop requested)' : ''),
        h('dt', {}, 'Stop reason'), h('dd', {}, s.stopReason ?? '—'),
        h('dt', {}, 'Round'), h('dd', { id: 'run-round' }, s.round),
        h('dt', {}, 'Proposals'), h('dd', {}, `${s.counts.proposals} (${s.counts.proposalsActive} active, ${s.counts.proposalsRejected} rejected, ${s.counts.proposalsDuplicate} duplicate, ${s.counts.proposalsUnsafe} unsafe)`),
        h('dt', {}, 'Matches'), h('dd', {}, `${s.counts.matches} (${s.counts.debates} debates), budget ${s.budget.maxMatches}`),
        h('dt', {}, 'Tokens'), h('dd', {}, fmt.int(s.usage.totalTokens)),
        h('dt', {}, 'Cost'), h('dd', {}, fmt.usd(s.usage.costUsd), s.budget.budgetUsd ? ` of ${fmt.usd(s.budget.budgetUsd)}` : ''),
        h('dt', {}, 'Model'), h('dd', {}, s.model),
        h('dt', {}, 'Literature'), h('dd', { id: 'run-literature' }, s.literature ? 'on: the configured sources and the attached context' : 'off: the attached context only'),
        s.goal.preferences.length ? [h('dt', {}, 'Preferences'), h('dd', {}, s.goal.preferences.join('; '))] : null,
        s.goal.constraints.length ? [h('dt', {}, 'Constraints'), h('dd', {}, s.goal.constraints.join('; '))] : null,
        s.feedback.length ? [h('dt', {}, 'Feedback'), h('dd', { id: 'run-feedback' }, h('ul', { class: 'plain' }, s.feedback.map((f) => h('li', {}, f.text))))] : null));
  }

  function drawAgents(s) {
    const rows = Object.entries(s.agents).map(([agent, a]) => ({ agent, ...a }));
    render(sections.agents, table(null, [
      { title: 'Agent', cell: (r) => r.agent }, { title: 'Steps', num: true, cell: (r) => r.steps }, { title: 'Failed', num: true, cell: (r) => r.failed },
      { title: 'Calls', num: true, cell: (r) => fmt.int(r.usage.calls) }, { title: 'Tokens', num: true, cell: (r) => fmt.int(r.usage.totalTokens) }, { title: 'Cost', num: true, cell: (r) => fmt.usd(r.usage.costUsd) },
    ], rows));
  }

  function drawBoard(board, nodes) {
    const favButton = (p) => {
      const on = state.favourites.has(p.id);
      return h('button', { type: 'button', class: 'fav', 'aria-pressed': String(on), 'aria-label': (on ? 'Unmark favourite: ' : 'Mark favourite: ') + p.title, title: on ? 'Favourite' : 'Mark as favourite',
        onclick: async () => {
          try {
            const r = await postJson(path + '/favourites', { proposalId: p.id, favourite: !on });
            state.favourites = new Set(r.proposalIds);
            drawBoard(state.board, nodes);
            say(on ? 'Favourite removed.' : 'Marked as favourite.');
          } catch (e) { fail(e); }
        } }, on ? '★' : '☆');
    };
    render(sections.board, board.proposals.length === 0 ? h('p', {}, 'No proposals yet.') : table(null, [
      { title: '★', cell: favButton },
      { title: 'Rank', num: true, cell: (p) => p.rank ?? '—' },
      { title: 'Proposal', cls: 'goal-cell', cell: (p) => h('a', { href: `#/runs/${enc(runId)}/proposals/${enc(p.id)}` }, p.title) },
      { title: 'Elo', num: true, cell: (p) => fmt.elo(p.elo) },
      { title: '95% interval', num: true, cell: (p) => (p.rank != null && p.interval ? fmt.interval(p.interval) : '—') },
      { title: 'Games', num: true, cell: (p) => p.games },
      { title: 'W/L', num: true, cell: (p) => `${p.wins}/${p.losses}` },
      { title: 'Origin', cell: (p) => p.origin },
      { title: 'Strategy', cls: 'hide-narrow', cell: (p) => nodes.get(p.id)?.strategy || '—' },
      { title: 'Standing', cell: (p) => p.standing },
    ], board.proposals));
    sections.board.querySelector('table')?.setAttribute('data-testid', 'leaderboard');
  }

  function title(nodes, id) { return nodes.get(id)?.title ?? id; }

  function drawLineageList(lineage, nodes) {
    render(sections.lineageList, lineage.edges.length === 0
      ? h('p', {}, 'No evolved proposals yet.')
      : h('details', {}, h('summary', {}, `The ${lineage.edges.length} edges as a list`),
        h('ul', { class: 'plain', 'data-testid': 'lineage-edges' }, lineage.edges.map((e) => h('li', {}, title(nodes, e.parentId), ' → ', h('a', { href: `#/runs/${enc(runId)}/proposals/${enc(e.childId)}` }, title(nodes, e.childId)), ` (${e.strategy || 'evolved'})`)))));
  }

  function drawClusters(lineage, nodes) {
    render(sections.clusters, lineage.clusters.length === 0 ? h('p', {}, 'No proximity clusters yet.') : h('div', { class: 'grid' },
      lineage.clusters.map((c) => h('div', { class: 'card' }, h('h3', {}, `Cluster ${c.index}`),
        h('ul', { class: 'plain' }, c.proposalIds.map((id) => h('li', {}, h('a', { href: `#/runs/${enc(runId)}/proposals/${enc(id)}` }, title(nodes, id)))))))),
    lineage.proximityMethod ? h('p', { class: 'hint' }, 'Similarity measure: ' + lineage.proximityMethod) : null);
  }

  function drawSetAside(s) {
    render(sections.setAside, s.proposals.length === 0 ? h('p', {}, 'Nothing set aside yet.') : table(`${s.total} proposals set aside`, [
      { title: 'Proposal', cls: 'goal-cell', cell: (p) => (p.withheld ? h('span', { class: 'muted' }, p.title) : h('a', { href: `#/runs/${enc(runId)}/proposals/${enc(p.id)}` }, p.title)) },
      { title: 'Standing', cell: (p) => p.standing },
      { title: 'Reason', cell: (p) => p.reason },
      { title: 'Evidence', cls: 'goal-cell', cell: (p) => [
        p.review ? h('div', {}, `${p.review.kind} review: ${p.review.verdict}` + (p.review.rejection !== 'none' ? ` (${p.review.rejection})` : ''),
          ` — scores C${p.review.scores.correctness} Q${p.review.scores.quality} N${p.review.scores.novelty} S${p.review.scores.safety} T${p.review.scores.testability}. `, p.review.summary) : null,
        p.proximity ? h('div', {}, 'Near-duplicate of ', h('a', { href: `#/runs/${enc(runId)}/proposals/${enc(p.proximity.duplicateOf)}` }, p.proximity.duplicateOfTitle),
          p.proximity.similarity != null ? ` (similarity ${p.proximity.similarity}${p.proximity.method ? ', ' + p.proximity.method : ''})` : '') : null,
      ] },
    ], s.proposals));
    sections.setAside.querySelector('table')?.setAttribute('data-testid', 'set-aside');
  }

  // Steering: forms are built once (so typing survives the polling); their state follows the run.
  const steer = {};
  function buildSteering() {
    const control = (action, label) => h('button', { type: 'button', id: 'run-' + action, onclick: async () => {
      try { const s = await postJson(`${path}/${action}`); say(`Run ${s.status}.`, false, 'status'); clearTimeout(timer); await refresh(); } catch (e) { fail(e); }
    } }, label);
    steer.pause = control('pause', 'Pause'); steer.resume = control('resume', 'Resume'); steer.stop = control('stop', 'Stop');
    const submitter = (form, send, done) => form.addEventListener('submit', async (ev) => {
      ev.preventDefault();
      try { const r = await send(); form.reset(); say(done(r)); clearTimeout(timer); await refresh(); } catch (e) { fail(e); }
    });
    const txt = (id, label, attrs) => h('div', {}, h('label', { for: id }, label), h('textarea', { id, rows: 3, ...attrs }));
    const feedback = h('form', { class: 'stack card', id: 'feedback-form' }, h('h3', {}, 'Feedback (a constraint or preference)'), txt('feedback-text', 'Feedback', { required: true, maxlength: 4000 }), h('div', { class: 'actions' }, h('button', { type: 'submit' }, 'Send feedback')));
    submitter(feedback, () => postJson(path + '/feedback', { text: feedback.querySelector('textarea').value }), () => 'Feedback recorded: the agents see it from the next round.');
    steer.reviewTarget = h('select', { id: 'review-proposal', required: true });
    const review = h('form', { class: 'stack card', id: 'review-form' }, h('h3', {}, 'Your review of a proposal'),
      h('div', {}, h('label', { for: 'review-proposal' }, 'Proposal'), steer.reviewTarget), txt('review-text', 'Review', { required: true, maxlength: 8000 }), h('div', { class: 'actions' }, h('button', { type: 'submit' }, 'Add review')));
    submitter(review, () => postJson(path + '/reviews', { proposalId: steer.reviewTarget.value, text: review.querySelector('textarea').value }), (r) => `Review ${r.id} added to ${r.proposalId}.`);
    const input = (id, label) => h('div', {}, h('label', { for: id }, label), h('input', { id, required: true, maxlength: 300 }));
    const proposal = h('form', { class: 'stack card', id: 'proposal-form' }, h('h3', {}, 'Your own proposal'), input('own-title', 'Title'), txt('own-statement', 'Hypothesis (two or three sentences)', { required: true, maxlength: 4000 }),
      txt('own-solution', 'Proposed solution (optional)', { maxlength: 8000 }), h('div', { class: 'actions' }, h('button', { type: 'submit' }, 'Add proposal')));
    submitter(proposal, () => postJson(path + '/proposals', { title: proposal.querySelector('#own-title').value, statement: proposal.querySelector('#own-statement').value, proposedSolution: proposal.querySelector('#own-solution').value || undefined }),
      (r) => `Proposal "${r.title}" added (${r.id}); it is reviewed and ranked like the others.`);
    render(sections.controls, h('div', { class: 'actions' }, steer.pause, steer.resume, steer.stop), h('div', { class: 'grid' }, proposal, review, feedback));
  }
  function updateSteering(s, board) {
    // Buttons stay enabled: the API decides, and says why when it refuses. Only hint at the likely one.
    steer.pause.classList.toggle('primary', s.status === 'running' || s.status === 'pending');
    steer.resume.classList.toggle('primary', s.status === 'paused');
    // Rebuilt only when the proposals change, keeping the scientist's choice.
    const current = steer.reviewTarget.value;
    const ids = board.proposals.map((p) => p.id).join('\n');
    if (ids !== steer.reviewTarget.dataset.ids) {
      steer.reviewTarget.dataset.ids = ids;
      render(steer.reviewTarget, ...board.proposals.map((p) => h('option', { value: p.id }, `${p.title} (${p.id})`)));
      if (current) steer.reviewTarget.value = current;
    }
  }

  async function drawResults(s) {
    const downloads = h('div', { class: 'actions', 'data-testid': 'downloads' },
      ['run.json', 'results.md', 'citations.bib', 'citations.ris'].map((file) => h('button', { type: 'button', onclick: () => download(runId, file) }, 'Download ' + file)));
    if (!s.overviewAvailable) {
      if (!sections.results.dataset.overview) render(sections.results, h('p', {}, 'The research overview is written when the run ends.'), downloads);
      return;
    }
    if (sections.results.dataset.overview === 'shown') return;
    const html = await getText(path + '/overview', 'text/html');
    // The overview is shown in a sandbox without scripts, forms or same-origin access.
    const frame = h('iframe', { class: 'overview-frame', title: 'Research overview', sandbox: '', referrerpolicy: 'no-referrer' });
    frame.srcdoc = '<!doctype html><meta charset="utf-8"><meta http-equiv="Content-Security-Policy" content="default-src \'none\'; style-src \'unsafe-inline\'"><style>body{font-family:system-ui,sans-serif;line-height:1.45;padding:0 1rem}</style>' + html;
    sections.results.dataset.overview = 'shown';
    render(sections.results, h('h3', {}, 'Research overview'), frame, downloads);
  }

  await refresh();
}

async function download(runId, file) {
  try {
    const response = await request('GET', `runs/${enc(runId)}/downloads/${enc(file)}`, undefined, '*/*');
    const blob = await response.blob();
    const url = URL.createObjectURL(blob);
    const a = h('a', { href: url, download: `${runId}-${file}` });
    document.body.append(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(url), 10000);
    say(`Downloaded ${file}.`);
  } catch (e) { fail(e); }
}

// ---------- A proposal

async function proposalPage(runId, proposalId) {
  const mine = view;
  const base = `runs/${enc(runId)}`;
  const [d, run, citations] = await Promise.all([
    getJson(`${base}/proposals/${enc(proposalId)}`), getJson(base), getJson(`${base}/proposals/${enc(proposalId)}/citations`),
  ]);
  if (mine !== view) return;
  const p = d.proposal;
  const titles = new Map();
  const link = (id, text) => h('a', { href: `#/runs/${enc(runId)}/proposals/${enc(id)}` }, text ?? id);
  const section = (label, value) => (Array.isArray(value) ? (value.length ? [h('h3', {}, label), h('ul', {}, value.map((v) => h('li', {}, v)))] : null) : (value ? [h('h3', {}, label), h('p', {}, value)] : null));
  const reviewsByKind = Object.groupBy ? Object.groupBy(d.reviews, (r) => r.kind) : d.reviews.reduce((a, r) => ((a[r.kind] ||= []).push(r), a), {});
  const aimsBox = h('div', { id: 'aims' });
  render(main, 
    h('p', {}, h('a', { href: '#/runs/' + enc(runId) }, '← Back to the run')),
    h('h1', {}, p.title),
    simulatedBanner(run.simulated || p.simulated),
    h('dl', { class: 'facts' },
      h('dt', {}, 'Rank'), h('dd', {}, d.rank ?? '—'), h('dt', {}, 'Elo'), h('dd', {}, fmt.elo(d.elo)), h('dt', {}, 'Record'), h('dd', {}, `${d.wins} wins, ${d.losses} losses in ${d.games} games`),
      h('dt', {}, 'Standing'), h('dd', {}, p.standing, p.statusReason ? ` — ${p.statusReason}` : ''), h('dt', {}, 'Origin'), h('dd', {}, p.origin, p.strategy ? ` (${p.strategy})` : '', `, round ${p.round}`),
      d.lineage.parents.length ? [h('dt', {}, 'Parents'), h('dd', {}, d.lineage.parents.map((r, i) => [i ? ', ' : '', link(r.id, r.title)]))] : null,
      d.lineage.children.length ? [h('dt', {}, 'Children'), h('dd', {}, d.lineage.children.map((r, i) => [i ? ', ' : '', link(r.id, r.title)]))] : null),
    h('h2', {}, 'Proposal'),
    section('Hypothesis', p.statement), section('Background', p.background), section('Unmet need', p.unmetNeed), section('Proposed solution', p.proposedSolution),
    section('Goals', p.goals), section('Testable hypotheses', p.testableHypotheses), section('Reasoning', p.reasoning), section('Study steps', p.studySteps),
    h('h2', {}, `Reviews (${d.reviews.length})`),
    d.reviews.length === 0 ? h('p', {}, 'No reviews yet.') : Object.entries(reviewsByKind).map(([kind, list]) => [h('h3', {}, `${kind} (${list.length})`), list.map((r) => h('div', { class: 'card', 'data-testid': 'review' },
      h('p', {}, h('strong', {}, r.verdict), r.rejection !== 'none' ? ` (${r.rejection})` : '', ` — round ${r.round}. Scores: correctness ${r.scores.correctness}, quality ${r.scores.quality}, novelty ${r.scores.novelty}, safety ${r.scores.safety}, testability ${r.scores.testability}.`),
      h('pre', { class: 'text' }, r.summary),
      r.strengths.length ? [h('h4', {}, 'Strengths'), h('ul', {}, r.strengths.map((s) => h('li', {}, s)))] : null,
      r.weaknesses.length ? [h('h4', {}, 'Weaknesses'), h('ul', {}, r.weaknesses.map((s) => h('li', {}, s)))] : null,
      r.findings.length ? [h('h4', {}, 'Findings'), h('ul', {}, r.findings.map((f) => h('li', {}, `${f.holds ? '✓' : '✗'} ${f.statement}: ${f.assessment}`)))] : null))]),
    h('h2', {}, `Matches (${d.matches.length})`),
    d.matches.length === 0 ? h('p', {}, 'No matches yet.') : d.matches.map((m) => h('details', { 'data-testid': 'match' },
      h('summary', {}, `${m.won ? 'Won' : 'Lost'} against `, m.opponentId, ` — round ${m.round}, ${m.format}; Elo ${fmt.elo(m.ratingBefore)} → ${fmt.elo(m.ratingAfter)} (opponent ${fmt.elo(m.opponentRatingBefore)} → ${fmt.elo(m.opponentRatingAfter)})`),
      h('p', {}, 'Opponent: ', link(m.opponentId)),
      h('h4', {}, 'Rationale'), h('pre', { class: 'text' }, m.rationale),
      m.transcript.length ? [h('h4', {}, 'Debate transcript'), m.transcript.map((t) => h('div', { class: 'turn' }, h('b', {}, t.speaker), h('pre', { class: 'text' }, t.text)))] : null)),
    h('h2', {}, 'Cited articles'),
    citations.cited.length === 0 ? h('p', {}, 'No articles cited.') : h('ul', { 'data-testid': 'citations' }, citations.cited.map((a) => h('li', {},
      a.url ? h('a', { href: a.url, rel: 'noopener noreferrer nofollow', target: '_blank' }, a.title) : a.title,
      a.authors.length ? ` — ${a.authors.slice(0, 3).join(', ')}${a.authors.length > 3 ? ' et al.' : ''}` : '', a.year ? ` (${a.year})` : '', ` [${a.source ?? ''} ${a.id}]`, a.retrieved ? '' : ' (not among the retrieved articles)'))),
    h('h3', {}, 'Citations removed by the check'),
    citations.removed.length === 0 ? h('p', {}, 'None.') : h('ul', {}, citations.removed.map((c) => h('li', {}, `${c.reference} (in ${c.field}): ${c.reason}`))),
    h('h2', {}, 'Specific Aims page'), aimsBox);
  titles.clear();
  const showAims = async () => {
    render(aimsBox, h('p', {}, 'Loading…'));
    try {
      const a = await getJson(`${base}/proposals/${enc(proposalId)}/aims`);
      const page = a.page;
      render(aimsBox, h('article', { class: 'card', 'data-testid': 'aims' },
        h('h3', {}, page.title), h('p', {}, page.introduction),
        h('ol', {}, page.aims.map((aim) => h('li', {}, h('strong', {}, aim.title), h('p', {}, 'Hypothesis: ', aim.hypothesis), h('p', {}, 'Approach: ', aim.approach), h('p', {}, 'Expected outcome: ', aim.expectedOutcome)))),
        h('p', {}, page.impact)),
      a.generated ? h('p', { class: 'hint' }, 'Written now, on request.') : null);
    } catch (e) { render(aimsBox, h('p', { class: 'error' }, e.message)); }
  };
  if (d.specificAimsAvailable) await showAims();
  else if (p.standing !== 'unsafe') render(aimsBox, h('p', {}, 'No page was written for this proposal yet. '), h('button', { type: 'button', onclick: showAims }, 'Write its Specific Aims page (uses the model)'));
  else render(aimsBox, h('p', {}, 'Withheld: judged unsafe.'));
}

window.addEventListener('hashchange', route);
route();
