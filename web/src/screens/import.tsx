import { useQueryClient } from '@tanstack/react-query';
import { useRef, useState } from 'react';
import { saveBlob } from '../api.js';
import { ContainerSelect } from '../components/container-select.js';
import { ErrorNotice } from '../components/error-notice.js';
import { parseContainerValue } from '../containers.js';
import { COUNTER_NAMES, type ImportProgress, LEAD_FIELDS, type LeadField, type Preview, type Target, guessTargets, notCreatedCsv, previewFile, runImport } from '../csv-import.js';
import { numberOf } from '../format.js';
import { useApi } from '../session.js';

const FLAGS = [
  ['skip_if_in_workspace', 'Skip leads already in this workspace'],
  ['skip_if_in_campaign', 'Skip leads already in a campaign'],
  ['skip_if_in_list', 'Skip leads already in a list'],
  ['verify_leads_on_import', 'Verify e-mails after import'],
] as const;
type Flag = (typeof FLAGS)[number][0];

const targetValue = (t: Target) => (t.kind === 'field' ? t.field : t.kind === 'custom' ? 'custom' : 'skip');

function MappingRow({ header, index, target, sample, onChange }: { header: string; index: number; target: Target; sample: string; onChange(t: Target): void }) {
  const set = (value: string) =>
    onChange(value === 'skip' ? { kind: 'skip' } : value === 'custom' ? { kind: 'custom', name: header.trim() || `column_${index + 1}` } : { kind: 'field', field: value as LeadField });
  return (
    <tr>
      <th scope="row">{header || `(column ${index + 1})`}</th>
      <td>
        <label htmlFor={`map-${index}`} className="visually-hidden">Lead field for column {header || index + 1}</label>
        <select id={`map-${index}`} value={targetValue(target)} onChange={(e) => set(e.target.value)}>
          {LEAD_FIELDS.map((f) => <option key={f} value={f}>{f}</option>)}
          <option value="custom">custom variable</option>
          <option value="skip">leave out</option>
        </select>
        {target.kind === 'custom' ? (
          <>
            <label htmlFor={`custom-${index}`} className="visually-hidden">Custom variable name for column {header || index + 1}</label>
            <input id={`custom-${index}`} value={target.name} onChange={(e) => onChange({ kind: 'custom', name: e.target.value })} />
          </>
        ) : null}
      </td>
      <td className="sample">{sample}</td>
    </tr>
  );
}

export function ImportScreen() {
  const api = useApi();
  const client = useQueryClient();
  const [file, setFile] = useState<File | null>(null);
  const [preview, setPreview] = useState<Preview | null>(null);
  const [targets, setTargets] = useState<Target[]>([]);
  const [destination, setDestination] = useState('');
  const [flags, setFlags] = useState<Record<Flag, boolean>>({ skip_if_in_workspace: false, skip_if_in_campaign: false, skip_if_in_list: false, verify_leads_on_import: false });
  const [progress, setProgress] = useState<ImportProgress | null>(null);
  const [running, setRunning] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [startedAt, setStartedAt] = useState(0);
  const abort = useRef<AbortController | null>(null);

  const choose = async (chosen: File | undefined) => {
    setError(null);
    setProgress(null);
    setFile(chosen ?? null);
    setPreview(null);
    if (chosen === undefined) return;
    try {
      const read = await previewFile(chosen);
      setPreview(read);
      setTargets(guessTargets(read.headers));
    } catch (caught) {
      setError(caught);
    }
  };

  const start = async () => {
    const to = parseContainerValue(destination);
    if (file === null || preview === null) return;
    if (to === null) return setError(new Error('Choose the list or campaign to import into.'));
    if (!targets.some((t) => t.kind === 'field' && (t.field === 'email' || t.field === 'first_name' || t.field === 'last_name'))) {
      return setError(new Error('Map at least one column to email, first_name or last_name.'));
    }
    const controller = new AbortController();
    abort.current = controller;
    setError(null);
    setRunning(true);
    setStartedAt(performance.now());
    try {
      await runImport(api, {
        file,
        headers: preview.headers,
        targets,
        destination: to.kind === 'list' ? { list_id: to.id } : { campaign_id: to.id },
        flags: Object.fromEntries(Object.entries(flags).filter(([, on]) => on)),
        onProgress: setProgress,
        signal: controller.signal,
      });
    } catch (caught) {
      setError(caught);
    } finally {
      setRunning(false);
      void client.invalidateQueries({ queryKey: ['leads'] });
      void client.invalidateQueries({ queryKey: ['container-count'] });
    }
  };

  const seconds = progress !== null && startedAt > 0 ? (performance.now() - startedAt) / 1000 : 0;
  const rate = seconds > 0 && progress !== null ? Math.round(progress.rowsRead / seconds) : 0;
  const percent = progress !== null && file !== null && file.size > 0 ? Math.min(100, Math.round((progress.bytesRead / file.size) * 100)) : 0;

  return (
    <section aria-labelledby="screen-title">
      <h1 id="screen-title">Import CSV</h1>
      <div className="field">
        <label htmlFor="csv-file">CSV file</label>
        <input id="csv-file" type="file" accept=".csv,text/csv" disabled={running} onChange={(e) => void choose(e.target.files?.[0])} />
      </div>
      <ErrorNotice error={error} />
      {preview !== null ? (
        <>
          <h2>Columns</h2>
          <table className="grid mapping">
            <thead><tr><th scope="col">Column</th><th scope="col">Lead field</th><th scope="col">First value</th></tr></thead>
            <tbody>
              {preview.headers.map((header, i) => (
                <MappingRow key={i} header={header} index={i} target={targets[i] ?? { kind: 'skip' }} sample={preview.rows[0]?.[i] ?? ''}
                  onChange={(t) => setTargets(targets.map((old, j) => (j === i ? t : old)))} />
              ))}
            </tbody>
          </table>
          <h2>Preview</h2>
          <div className="preview-scroll">
            <table className="grid preview">
              <thead><tr>{preview.headers.map((h, i) => <th scope="col" key={i}>{h}</th>)}</tr></thead>
              <tbody>{preview.rows.map((r, i) => <tr key={i}>{preview.headers.map((_, j) => <td key={j}>{r[j] ?? ''}</td>)}</tr>)}</tbody>
            </table>
          </div>
          <div className="import-options">
            <ContainerSelect id="import-target" label="Import into" value={destination} onChange={setDestination} emptyLabel="Choose a list or campaign…" />
            {FLAGS.map(([flag, text]) => (
              <label key={flag} className="check">
                <input type="checkbox" checked={flags[flag]} onChange={(e) => setFlags({ ...flags, [flag]: e.target.checked })} /> {text}
              </label>
            ))}
          </div>
          <div className="actions">
            <button type="button" onClick={() => void start()} disabled={running}>Start import</button>
            {running ? <button type="button" onClick={() => abort.current?.abort()}>Cancel import</button> : null}
          </div>
        </>
      ) : null}
      {progress !== null ? (
        <div className="import-progress">
          <div role="progressbar" aria-label="Import progress" aria-valuemin={0} aria-valuemax={100} aria-valuenow={progress.done ? 100 : percent} className="bar">
            <div className="fill" style={{ width: `${progress.done ? 100 : percent}%` }} />
          </div>
          <p aria-live="polite">
            {numberOf(progress.rowsRead)} rows read · {numberOf(progress.rowsSent)} sent · {numberOf(rate)} rows/s
            {progress.done ? (progress.cancelled ? ' · cancelled' : ' · finished') : ''}
          </p>
          {progress.done ? (
            <>
              <h2>Result</h2>
              <dl className="counters">
                {COUNTER_NAMES.map((name) => (
                  <div key={name}><dt>{name}</dt><dd data-counter={name}>{progress.counters[name]}</dd></div>
                ))}
                <div><dt>rows not created</dt><dd data-counter="not_created">{progress.notCreated.length}</dd></div>
              </dl>
              {progress.notCreated.length > 0 && preview !== null ? (
                <>
                  <button type="button" onClick={() => saveBlob(new Blob([notCreatedCsv(preview.headers, progress.notCreated)], { type: 'text/csv' }), 'not-created.csv')}>
                    Download rows not created
                  </button>
                  <table className="grid not-created">
                    <caption>Rows not created (first 20)</caption>
                    <thead><tr><th scope="col">Row</th><th scope="col">Reason</th></tr></thead>
                    <tbody>{progress.notCreated.slice(0, 20).map((r) => <tr key={r.row}><td>{r.row}</td><td>{r.reason}</td></tr>)}</tbody>
                  </table>
                </>
              ) : null}
            </>
          ) : null}
        </div>
      ) : null}
    </section>
  );
}
