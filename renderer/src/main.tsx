import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { Connected } from './api/connection.js';
import { App } from './App.js';
import './i18n/i18n.js';
import './styles.css';

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <Connected>
      <App />
    </Connected>
  </StrictMode>,
);
