import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import type { KeyhavenApi } from '../../preload/contract';
import { App } from './app';
import { createAppStore } from './state/app-store';
import { StoreProvider } from './state/store-context';
import './styles.css';

declare global {
  interface Window {
    readonly keyhaven?: KeyhavenApi;
  }
}

const root = document.getElementById('root');
if (!root) throw new Error('No #root element');

if (!window.keyhaven) {
  root.textContent = 'Keyhaven could not connect to its main process. Please restart the app.';
} else {
  const store = createAppStore(window.keyhaven);
  createRoot(root).render(
    <StrictMode>
      <StoreProvider store={store}>
        <App />
      </StoreProvider>
    </StrictMode>,
  );
}
