// The GreenStream dashboard (docs/DASHBOARD.md): three views behind hash links (#map, #statistics,
// #calculator) and the operations strip above them.
import './style.css';
import { CalculatorView } from './calculator.js';
import { byId } from './dom.js';
import { MapView } from './map-view.js';
import { refreshOperations } from './operations.js';
import { StatisticsView } from './statistics.js';
import { ViewerPanel } from './viewer-panel.js';

const VIEWS = ['map', 'statistics', 'calculator'] as const;
type View = (typeof VIEWS)[number];

/** Seconds between refreshes of the map (and of the strip, at least 15 s): `?refresh=N` (at least 1), default 60. */
function refreshSeconds(): number {
  const asked = Number(new URLSearchParams(location.search).get('refresh'));
  return Number.isFinite(asked) && asked >= 1 ? asked : 60;
}

// The map's callbacks run only after the first refresh, when the panels below exist.
const mapView = new MapView(
  (alpha2) => viewer.pickCountry(alpha2),
  () => calculator.setRegions(mapView.regions),
);
const viewer = new ViewerPanel(mapView.map);
const calculator = new CalculatorView();
const statistics = new StatisticsView();
const started = new Set<View>();

function show(view: View): void {
  for (const name of VIEWS) {
    byId(`view-${name}`).hidden = name !== view;
    const link = byId(`nav-${name}`);
    if (name === view) link.setAttribute('aria-current', 'page');
    else link.removeAttribute('aria-current');
  }
  document.title = `GreenStream: ${byId(`view-${view}`).dataset.title ?? view}`;
  if (started.has(view)) return;
  started.add(view);
  if (view === 'statistics') void statistics.load();
  if (view === 'calculator') void calculator.calculate();
}

function route(): void {
  const asked = location.hash.slice(1);
  if ((VIEWS as readonly string[]).includes(asked)) show(asked as View);
  else if (!started.size) show('map');
}

window.addEventListener('hashchange', route);
route();

/** Interactive once the markers are drawn (the controls work from then on); complete once coloured. */
async function firstView(): Promise<void> {
  await mapView.loadRegions();
  performance.mark('dashboard-interactive');
  document.documentElement.dataset.interactive = 'true';
  await mapView.refresh();
  performance.mark('dashboard-coloured');
  document.documentElement.dataset.coloured = 'true';
  void viewer.recommend();
  void refreshOperations();
}

void firstView();
const every = refreshSeconds() * 1000;
setInterval(() => void mapView.refresh(), every);
// The strip reads /health, /metrics and /services: no need to ask more often than every 15 s.
setInterval(() => void refreshOperations(), Math.max(every, 15_000));
byId('refresh-now').addEventListener('click', () => {
  void mapView.refresh();
  void refreshOperations();
});
