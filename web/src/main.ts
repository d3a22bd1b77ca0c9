/** The lab page: the form on the left, three views (circuit, shot, sweep) behind tabs. */
import './style.css';
import { buildForm } from './lab-form.js';
import { buildLab } from './lab-model.js';
import { renderCircuitView } from './circuit-view.js';
import { renderShotView } from './shot-view.js';
import { renderSweepView } from './sweep-view.js';
import { byId } from './dom.js';

const errorBox = byId<HTMLDivElement>('error');
function showError(msg: string): void {
  errorBox.textContent = msg;
  errorBox.hidden = msg === '';
}

const views = ['circuit', 'shot', 'sweep'] as const;
function selectTab(name: (typeof views)[number]): void {
  for (const v of views) {
    const tab = byId<HTMLButtonElement>(`tab-${v}`);
    tab.setAttribute('aria-selected', String(v === name));
    tab.tabIndex = v === name ? 0 : -1;
    byId(`view-${v}`).hidden = v !== name;
  }
}
views.forEach((v, i) => {
  const tab = byId<HTMLButtonElement>(`tab-${v}`);
  tab.addEventListener('click', () => selectTab(v));
  tab.addEventListener('keydown', (e) => {
    const step = e.key === 'ArrowRight' ? 1 : e.key === 'ArrowLeft' ? -1 : 0;
    if (step === 0) return;
    const next = views[(i + step + views.length) % views.length];
    selectTab(next);
    byId(`tab-${next}`).focus();
  });
});

const form = buildForm(generate);
byId('form-slot').append(form.element);

function generate(): void {
  const busy = byId('busy');
  busy.hidden = false;
  // Let the page paint the busy note before the (synchronous) generation and DEM extraction.
  setTimeout(() => {
    try {
      const exp = buildLab(form.read());
      renderCircuitView(byId('view-circuit'), exp);
      renderShotView(byId('view-shot'), exp, showError);
      showError('');
    } catch (err) {
      showError(err instanceof Error ? err.message : String(err));
    } finally {
      busy.hidden = true;
    }
  }, 0);
}

renderSweepView(byId('view-sweep'), () => form.read(), showError);
selectTab('circuit');
generate();
