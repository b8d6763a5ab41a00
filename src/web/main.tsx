import '@fontsource/noto-sans/400.css';
import '@fontsource/noto-sans/600.css';
import '@fontsource/noto-sans/700.css';
import './styles.css';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App.js';
import { i18nReady } from './i18n/index.js';

// A tab left open across a new release asks for console pages under their old file names, which
// are gone: load the new release instead of leaving a blank page (Vite's documented remedy).
window.addEventListener('vite:preloadError', () => window.location.reload());

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
