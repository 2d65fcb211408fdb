/**
 * The window's preload (sandboxed, so built as CommonJS): exposes exactly the
 * DversumBridge on `window.dversum`.
 */
import { contextBridge, ipcRenderer } from 'electron';
import { createBridge } from './bridge.js';

contextBridge.exposeInMainWorld('dversum', createBridge(ipcRenderer));
