import type { PropsWithChildren } from 'react';
import './app.css';

// Nothing app-wide to hold: the session lives in storage and every page loads what it shows.
function App({ children }: PropsWithChildren) {
  return children;
}

export default App;
