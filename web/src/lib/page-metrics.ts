/** Which catalog metrics the overview and the service manager overview lead with (the browser tests check them). */

export const OVERVIEW_METRICS: readonly { id: string; label: string }[] = [
  { id: 'nrr', label: 'Net revenue retention' },
  { id: 'grr', label: 'Gross revenue retention' },
  { id: 'logo_churn_rate', label: 'Logo churn (month)' },
  { id: 'expansion_revenue_share', label: 'Expansion share' },
  { id: 'nps', label: 'NPS' },
  { id: 'csat', label: 'CSAT' },
  { id: 'healthy_account_share', label: 'Healthy accounts' },
];

export const MANAGER_METRICS: readonly { id: string; label: string }[] = [
  { id: 'backlog', label: 'Open cases (period end)' },
  { id: 'resolution_time_hours_mean', label: 'Average time to close' },
  { id: 'first_contact_resolution_rate', label: 'First contact resolution' },
  { id: 'first_response_time_minutes', label: 'First response (median)' },
  { id: 'resolution_time_hours', label: 'Resolution (median)' },
  { id: 'support_csat', label: 'Support CSAT' },
  { id: 'ticket_volume', label: 'Cases created' },
  { id: 'sla_compliance_rate', label: 'First response within target' },
  { id: 'escalation_rate', label: 'Escalated' },
  { id: 'reopen_rate', label: 'Reopened' },
];
