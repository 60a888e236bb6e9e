// Elo over time (Chart.js) and the lineage graph (Cytoscape.js), both vendored under vendor/.
const PALETTE = ['#0a58ca', '#d63384', '#198754', '#fd7e14', '#6f42c1'];
const TOP = 5;

export function eloChart(canvas) {
  let chart = null;
  return {
    update(ratings) {
      const Chart = window.Chart;
      if (!Chart) return;
      const series = new Map(ratings.proposals.map((p) => [p.id, [{ x: 0, y: ratings.initialElo }]]));
      for (const m of ratings.matches) {
        for (const side of [m.a, m.b]) series.get(side.proposalId)?.push({ x: m.index, y: side.after });
      }
      const ranked = [...ratings.proposals].sort((a, b) => (a.rank ?? 1e9) - (b.rank ?? 1e9));
      const top = new Set(ranked.filter((p) => p.rank != null).slice(0, TOP).map((p) => p.id));
      let colour = 0;
      const datasets = ranked.map((p) => {
        const lead = top.has(p.id);
        const c = lead ? PALETTE[colour++ % PALETTE.length] : 'rgba(120,120,120,0.35)';
        const title = p.title.length > 48 ? p.title.slice(0, 47) + '…' : p.title;
        return { label: (p.rank ? `#${p.rank} ` : '') + title, data: series.get(p.id), borderColor: c, backgroundColor: c, borderWidth: lead ? 2.5 : 1, pointRadius: 0, stepped: true, order: lead ? 0 : 1 };
      });
      if (!chart) {
        chart = new Chart(canvas, {
          type: 'line',
          data: { datasets },
          options: {
            animation: false, maintainAspectRatio: false, parsing: false,
            scales: { x: { type: 'linear', title: { display: true, text: 'Match' } }, y: { title: { display: true, text: 'Elo' } } },
            plugins: { legend: { position: 'bottom', labels: { filter: (item) => item.datasetIndex < TOP, boxWidth: 12 } }, tooltip: { mode: 'nearest', intersect: false } },
          },
        });
      } else {
        chart.data.datasets = datasets;
        chart.update('none');
      }
      canvas.dataset.matches = String(ratings.matches.length);
      canvas.dataset.series = String(datasets.length);
    },
  };
}

const ORIGIN_COLOURS = { generated: '#0a58ca', evolved: '#198754', scientist: '#d63384' };

export function lineageGraph(container) {
  let cy = null;
  let shown = '';
  // The canvas follows its box when the window turns or shrinks (a phone, a narrowed laptop window).
  window.addEventListener('resize', () => {
    if (cy) { cy.resize(); cy.fit(undefined, 10); }
  });
  return {
    update(lineage) {
      const cytoscape = window.cytoscape;
      if (!cytoscape) return;
      // Only proposals that take part in the lineage, so the graph stays legible.
      const involved = new Set(lineage.edges.flatMap((e) => [e.parentId, e.childId]));
      const nodes = lineage.nodes.filter((n) => involved.has(n.id));
      const key = JSON.stringify([nodes.map((n) => n.id), lineage.edges.length]);
      container.dataset.nodes = String(nodes.length);
      container.dataset.edges = String(lineage.edges.length);
      if (key === shown) return;
      shown = key;
      const elements = [
        ...nodes.map((n) => ({ data: { id: n.id, label: `${n.rank ? '#' + n.rank + ' ' : ''}${n.title.length > 40 ? n.title.slice(0, 40) + '…' : n.title}`, colour: ORIGIN_COLOURS[n.origin] ?? '#6c757d' } })),
        ...lineage.edges.map((e, i) => ({ data: { id: 'e' + i, source: e.parentId, target: e.childId, label: e.strategy || 'evolved' } })),
      ];
      if (cy) cy.destroy();
      // Labels are drawn on the canvas as text, never parsed as markup.
      cy = cytoscape({
        container, elements, userZoomingEnabled: true, boxSelectionEnabled: false,
        layout: { name: 'breadthfirst', directed: true, spacingFactor: 1.1, padding: 10 },
        style: [
          { selector: 'node', style: { 'background-color': 'data(colour)', label: 'data(label)', 'font-size': 9, 'text-wrap': 'wrap', 'text-max-width': 120, width: 14, height: 14 } },
          { selector: 'edge', style: { width: 1.5, 'line-color': '#8c959f', 'target-arrow-color': '#8c959f', 'target-arrow-shape': 'triangle', 'curve-style': 'bezier', label: 'data(label)', 'font-size': 8, 'text-rotation': 'autorotate', color: '#59636e' } },
        ],
      });
    },
  };
}
