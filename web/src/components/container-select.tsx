import { containerValue, useContainers } from '../containers.js';

/** One <select> over the workspace's lists and campaigns ("list:<id>" or "campaign:<id>"). */
export function ContainerSelect({ id, label, value, onChange, emptyLabel }: { id: string; label: string; value: string; onChange(value: string): void; emptyLabel: string }) {
  const lists = useContainers('list');
  const campaigns = useContainers('campaign');
  return (
    <span className="field">
      <label htmlFor={id}>{label}</label>
      <select id={id} value={value} onChange={(e) => onChange(e.target.value)}>
        <option value="">{emptyLabel}</option>
        <optgroup label="Lists">
          {(lists.data ?? []).map((c) => <option key={c.id} value={containerValue(c)}>{c.name}</option>)}
        </optgroup>
        <optgroup label="Campaigns">
          {(campaigns.data ?? []).map((c) => <option key={c.id} value={containerValue(c)}>{c.name}</option>)}
        </optgroup>
      </select>
    </span>
  );
}
