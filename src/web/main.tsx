import '@fontsource/noto-sans/400.css';
import '@fontsource/noto-sans/600.css';
import '@fontsource/noto-sans/700.css';
import './styles.css';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App.js';
import { i18nReady } from './i18n/index.js';

// A tab left open across a new release asks for console pages under their old file names, which
// are gone: load the new release instead of leaving a blank page (Vite's documented remedy). Once
// a minute at most: a chunk missing from the release itself must not reload the page for ever.
window.addEventListener('vite:preloadError', () => {
  const KEY = 'dancu.reloadedForMissingChunk';
  const last = Number(sessionStorage.getItem(KEY) ?? 0);
  if (Date.now() - last < 60_000) return;
  sessionStorage.setItem(KEY, String(Date.now()));
  window.location.reload();
});

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root');

// Resources are bundled, so this resolves at once; awaiting it avoids a flash of keys.
void i18nReady.then(() => {
  createRoot(root).render(
    <StrictMode>
      <App />
    </StrictMode>,
  );
});
