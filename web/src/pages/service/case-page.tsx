/**
 * A case with the agent sidebar (Salesforce's agent sidebar dashboards): the conversation on the left; on the
 * right who the customer is (ARR, health, CSM), how many cases they have, earlier cases and how they ended,
 * recent CSM touches, their CSAT against the company's, and the articles that solved similar cases.
 */
import { useParams } from 'react-router';
import { useApi } from '../../api/queries.js';
import type { CaseContext } from '../../api/types.js';
import { AppLink } from '../../components/app-link.js';
import { BandBadge, StageBadge } from '../../components/badges.js';
import { Page, Panel } from '../../components/page.js';
import { Async, Empty } from '../../components/states.js';
import {
  count,
  date,
  dateTime,
  decimal,
  hours,
  humanize,
  minutes,
  money,
  percent,
} from '../../lib/format.js';

function Conversation({ c }: { c: CaseContext }) {
  const t = c.ticket;
  return (
    <div>
      <Panel title="Case" id="case">
        <dl className="facts">
          <dt>Status</dt>
          <dd>
            {humanize(t.status)} · {humanize(t.priority)} priority{t.escalated ? ' · escalated' : ''}
            {t.reopens > 0 ? ` · reopened ${t.reopens}×` : ''}
          </dd>
          <dt>Channel</dt>
          <dd>
            {humanize(t.channel)}
            {t.category ? ` · ${humanize(t.category)}` : ''}
          </dd>
          <dt>Opened</dt>
          <dd>{dateTime(t.createdAt)}</dd>
          <dt>First response</dt>
          <dd>
            {t.firstResponseAt
              ? `${minutes(t.firstResponseMinutes)} (${dateTime(t.firstResponseAt)})`
              : 'not yet'}
          </dd>
          <dt>Resolved</dt>
          <dd>{t.resolvedAt ? `${hours(t.resolutionHours)} after opening` : 'not yet'}</dd>
          <dt>Agent</dt>
          <dd>
            {t.assignee?.name ?? 'unassigned'}
            {t.team ? ` · ${t.team}` : ''}
          </dd>
          <dt>Contact</dt>
          <dd>
            {t.contact ? (
              <>
                {t.contact.name ?? t.contact.id}
                {t.contact.title ? `, ${t.contact.title}` : ''}
                {t.contact.role === 'executive' && <span className="badge tier-excellent">Executive</span>}
              </>
            ) : (
              '—'
            )}
          </dd>
          {t.csat !== null && (
            <>
              <dt>CSAT</dt>
              <dd>{t.csat}/5</dd>
            </>
          )}
        </dl>
      </Panel>
      <Panel
        title="Conversation"
        id="messages"
        aside={`${t.messages.length} ${t.messages.length === 1 ? 'message' : 'messages'}`}
      >
        {t.description && (
          <p className="description">
            <strong>Description: </strong>
            {t.description}
          </p>
        )}
        {t.messages.length === 0 ? (
          <Empty>No messages.</Empty>
        ) : (
          <ol className="messages">
            {t.messages.map((m) => (
              <li key={m.id} className={m.authorType}>
                <span className="who">
                  {m.authorName ?? humanize(m.authorType)} · {dateTime(m.createdAt)}
                  {m.public ? '' : ' · internal note'}
                </span>
                {m.body}
              </li>
            ))}
          </ol>
        )}
        {t.linkedArticles.length > 0 && (
          <>
            <h3>Linked articles</h3>
            <ul>
              {t.linkedArticles.map((a) => (
                <li key={a.id}>{a.title}</li>
              ))}
            </ul>
          </>
        )}
      </Panel>
    </div>
  );
}

function Sidebar({ c }: { c: CaseContext }) {
  const cu = c.customer;
  return (
    <aside aria-label="Customer context">
      <Panel title="Customer" id="customer">
        {cu ? (
          <>
            <p>
              <AppLink to={`/accounts/${encodeURIComponent(cu.id)}`}>
                <strong>{cu.name}</strong>
              </AppLink>
            </p>
            <dl className="facts">
              <dt>ARR</dt>
              <dd className="num">{money(cu.arr)}</dd>
              <dt>Health</dt>
              <dd>
                <BandBadge band={cu.health?.band ?? null} score={cu.health?.score ?? null} />
              </dd>
              <dt>Stage</dt>
              <dd>
                <StageBadge stage={cu.stage} />
              </dd>
              <dt>Segment</dt>
              <dd>{humanize(cu.segment)}</dd>
              <dt>CSM</dt>
              <dd>{cu.csm?.name ?? 'none'}</dd>
            </dl>
          </>
        ) : (
          <Empty>No account on this case.</Empty>
        )}
      </Panel>
      {c.caseCounts && (
        <Panel title="Cases" id="case-counts">
          <dl className="stats" data-testid="case-counts">
            <div>
              <dt>Open</dt>
              <dd className="num" data-count="open">
                {count(c.caseCounts.open)}
              </dd>
            </div>
            <div>
              <dt>Last 90 days</dt>
              <dd className="num" data-count="last90Days">
                {count(c.caseCounts.last90Days)}
              </dd>
            </div>
            <div>
              <dt>All time</dt>
              <dd className="num" data-count="allTime">
                {count(c.caseCounts.allTime)}
              </dd>
            </div>
          </dl>
        </Panel>
      )}
      <Panel title="CSAT overview" id="csat" aside={`last ${c.csat.days} days`}>
        <dl className="stats">
          <div>
            <dt>This customer</dt>
            <dd className="num">{percent(c.csat.account?.satisfiedShare)}</dd>
            <dd className="note">
              avg {decimal(c.csat.account?.average, 2)} · {count(c.csat.account?.responses ?? 0)} answers
            </dd>
          </div>
          <div>
            <dt>Company</dt>
            <dd className="num">{percent(c.csat.company.satisfiedShare)}</dd>
            <dd className="note">
              avg {decimal(c.csat.company.average, 2)} · {count(c.csat.company.responses)} answers
            </dd>
          </div>
        </dl>
      </Panel>
      <Panel title="Earlier cases" id="previous">
        {c.previousTickets.length === 0 ? (
          <Empty>No earlier cases.</Empty>
        ) : (
          <ul className="plain-list">
            {c.previousTickets.slice(0, 8).map((p) => (
              <li key={p.id}>
                <AppLink to={`/service/cases/${encodeURIComponent(p.id)}`}>{p.subject ?? p.id}</AppLink>
                <span className="sub">
                  {date(p.createdAt)} · {humanize(p.status)}
                  {p.resolutionHours !== null ? ` in ${hours(p.resolutionHours)}` : ''}
                  {p.reopens > 0 ? ` · reopened` : ''}
                  {p.csat !== null ? ` · CSAT ${p.csat}/5` : ''}
                </span>
              </li>
            ))}
          </ul>
        )}
      </Panel>
      <Panel title="Recent CSM touches" id="touches">
        {c.recentInteractions.length === 0 ? (
          <Empty>No recent interactions.</Empty>
        ) : (
          <ul className="plain-list">
            {c.recentInteractions.slice(0, 5).map((i) => (
              <li key={i.id}>
                <strong>{i.subject ?? humanize(i.kind)}</strong>
                <span className="sub">
                  {date(i.occurredAt)} · {humanize(i.kind)}
                  {i.author?.name ? ` · ${i.author.name}` : ''}
                  {i.withExecutive ? ' · with an executive' : ''}
                </span>
              </li>
            ))}
          </ul>
        )}
      </Panel>
      <Panel
        title="Suggested articles"
        id="articles"
        aside={
          c.suggestedArticles.category
            ? `from ${count(c.suggestedArticles.similarTickets)} ${humanize(c.suggestedArticles.category)} cases`
            : undefined
        }
      >
        {c.suggestedArticles.articles.length === 0 ? (
          <Empty>No articles linked to similar cases.</Empty>
        ) : (
          <ol className="needs">
            {c.suggestedArticles.articles.map((a) => (
              <li key={a.id}>
                {a.title} <span className="muted">· linked {count(a.links)}×</span>
                {a.linkedToThisTicket && <span className="badge tier-good">linked here</span>}
              </li>
            ))}
          </ol>
        )}
      </Panel>
    </aside>
  );
}

export function CasePage() {
  const { id = '' } = useParams();
  const context = useApi<CaseContext>(`/api/tickets/${encodeURIComponent(id)}`);
  return (
    <Page
      title={context.data?.ticket.subject ?? `Case ${id}`}
      intro={
        <>
          {id}
          {context.data?.customer ? ` · ${context.data.customer.name}` : ''} ·{' '}
          <AppLink to="/service/cases">all cases</AppLink>
        </>
      }
    >
      <Async query={context} what="the case" rows={4}>
        {(c) => (
          <div className="case-layout">
            <Conversation c={c} />
            <Sidebar c={c} />
          </div>
        )}
      </Async>
    </Page>
  );
}
