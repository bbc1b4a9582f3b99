/**
 * A page's frame: its title (also the document title) and intro. After a client-side navigation the heading
 * takes focus, so a screen reader announces the new page as it would on a full load.
 */
import { useEffect, useRef, type ReactNode } from 'react';

let navigated = false;

export function Page({
  title,
  intro,
  actions,
  children,
}: {
  title: string;
  intro?: ReactNode;
  actions?: ReactNode;
  children: ReactNode;
}) {
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    document.title = `${title} · Keel`;
  }, [title]);
  useEffect(() => {
    if (navigated) heading.current?.focus({ preventScroll: true });
    navigated = true;
  }, []);
  return (
    <>
      <div className="page-head">
        <div>
          <h1 ref={heading} tabIndex={-1}>
            {title}
          </h1>
          {intro && <p className="intro">{intro}</p>}
        </div>
        {actions && <div className="page-actions">{actions}</div>}
      </div>
      {children}
    </>
  );
}

/** A titled panel; `id` lets links point at it. */
export function Panel({
  title,
  id,
  aside,
  className,
  children,
}: {
  title: ReactNode;
  id?: string;
  aside?: ReactNode;
  className?: string;
  children: ReactNode;
}) {
  return (
    <section className={`panel ${className ?? ''}`} id={id} aria-labelledby={id ? `${id}-title` : undefined}>
      <div className="panel-head">
        <h2 id={id ? `${id}-title` : undefined}>{title}</h2>
        {aside && <div className="panel-aside">{aside}</div>}
      </div>
      {children}
    </section>
  );
}
