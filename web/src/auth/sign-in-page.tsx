/** The sign-in screen: paste an API key; it is checked against the server before it is kept. */
import { useEffect, useId, useState, type FormEvent } from 'react';
import { verifyKey } from '../api/client.js';
import { signIn } from './api-key.js';

export function SignInPage({ notice }: { notice: string | null }) {
  const id = useId();
  const [key, setKey] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [checking, setChecking] = useState(false);
  useEffect(() => {
    document.title = 'Sign in · Keel';
  }, []);

  async function submit(e: FormEvent) {
    e.preventDefault();
    if (!key.trim()) {
      setError('Paste an API key first.');
      return;
    }
    setChecking(true);
    const result = await verifyKey(key);
    setChecking(false);
    if (result.ok) signIn(key);
    else setError(`That key did not work: ${result.message}.`);
  }

  return (
    <main id="main" className="sign-in">
      <form onSubmit={(e) => void submit(e)} aria-describedby={`${id}-help`}>
        <h1>Sign in to Keel</h1>
        {notice && (
          <p className="state state-error" role="alert">
            {notice}
          </p>
        )}
        <label htmlFor={id}>API key</label>
        <input
          id={id}
          type="password"
          autoComplete="off"
          spellCheck={false}
          placeholder="keel_api_…"
          value={key}
          onChange={(e) => {
            setKey(e.target.value);
            setError(null);
          }}
          aria-invalid={error !== null}
          aria-describedby={error ? `${id}-error` : undefined}
        />
        {error && (
          <p id={`${id}-error`} className="field-error" role="alert">
            {error}
          </p>
        )}
        <button type="submit" className="button primary" disabled={checking}>
          {checking ? 'Checking…' : 'Sign in'}
        </button>
        <div id={`${id}-help`} className="help">
          <p>
            <code>npm start</code> (<code>keel serve --demo</code>) prints a dashboard link that signs you in.
            For any other workspace, create a key and paste it here:
          </p>
          <pre>npx keel keys create --role manager</pre>
          <p>
            Roles nest: <b>viewer</b> sees company metrics, <b>csm</b> adds accounts and tickets,{' '}
            <b>manager</b> adds CSM capacity. The key stays in this browser only.
          </p>
        </div>
      </form>
    </main>
  );
}
