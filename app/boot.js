// Starts the app; a file of its own so the Content-Security-Policy needs no inline script.
import init from '/pkg/worklane.js';
init();
