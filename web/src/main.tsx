/** Entry point: takes a key handed over in the URL fragment before anything renders, then mounts the app. */
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app.js';
import { takeKeyFromFragment } from './auth/api-key.js';
import './styles.css';

takeKeyFromFragment(window.location, window.history);
const root = document.getElementById('root');
if (root)
  createRoot(root).render(
    <StrictMode>
      <App />
    </StrictMode>,
  );
