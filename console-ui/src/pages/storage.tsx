/**
 * Storage: S3's general purpose buckets, and a bucket's objects one folder level at a time (S3's console
 * view: common prefixes as folders), each object downloadable. Read-only: the CLI and SDKs write.
 */
import { useState } from 'preact/hooks';
import { errorMessage } from '../aws';
import { link } from '../router';
import { downloadObject, formatSize, listBuckets, listFolder } from '../s3';
import { useLoaded } from '../use-loaded';
import { EmptyRows } from './empty-rows';
import { ErrorAlert } from './error-alert';
import { CountHeader } from './count-header';

export function BucketsPage() {
  const { value: buckets, error, reload } = useLoaded(listBuckets, []);
  return (
    <section>
      <CountHeader title="General purpose buckets" count={buckets?.length} onRefresh={reload} />
      <ErrorAlert message={error} />
      <table class="table" aria-label="Buckets">
        <thead>
          <tr>
            <th>Name</th>
            <th>AWS Region</th>
            <th>Creation date</th>
          </tr>
        </thead>
        <tbody>
          <EmptyRows items={buckets} colSpan={3} loading={error ? undefined : 'Loading buckets'}>
            <strong>No buckets</strong>
            <br />
            You don't have any buckets.
          </EmptyRows>
          {buckets?.map((b) => (
            <tr key={b.name} data-bucket-name={b.name}>
              <td>
                <a {...link(`storage/${encodeURIComponent(b.name)}`)}>{b.name}</a>
              </td>
              <td>{b.region ?? ''}</td>
              <td>{new Date(b.created).toLocaleString()}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

export function BucketPage({ bucket }: { bucket: string }) {
  const [prefix, setPrefix] = useState('');
  const [downloadError, setDownloadError] = useState<string | undefined>(undefined);
  const { value: listing, error, reload } = useLoaded(() => listFolder(bucket, prefix), [bucket, prefix]);
  const parts = prefix.split('/').filter((p) => p !== '');
  const rows = listing === undefined ? undefined : [...listing.folders, ...listing.objects];
  const download = (key: string): void => {
    setDownloadError(undefined);
    downloadObject(bucket, key).catch((e: unknown) => setDownloadError(errorMessage(e)));
  };
  return (
    <section>
      <nav class="breadcrumbs" aria-label="Breadcrumbs">
        <a {...link('storage')}>Buckets</a> › <a href="#" onClick={(e) => (e.preventDefault(), setPrefix(''))}>{bucket}</a>
        {parts.map((part, i) => (
          <span key={i}>
            {' › '}
            <a href="#" onClick={(e) => (e.preventDefault(), setPrefix(`${parts.slice(0, i + 1).join('/')}/`))}>
              {part}
            </a>
          </span>
        ))}
      </nav>
      <CountHeader title="Objects" count={rows?.length} onRefresh={reload} />
      <ErrorAlert message={error ?? downloadError} />
      <table class="table" aria-label="Objects">
        <thead>
          <tr>
            <th>Name</th>
            <th>Type</th>
            <th>Last modified</th>
            <th>Size</th>
            <th>Storage class</th>
          </tr>
        </thead>
        <tbody>
          <EmptyRows items={rows} colSpan={5} loading={error ? undefined : 'Loading objects'}>
            <strong>No objects</strong>
            <br />
            You don't have any objects in this {prefix === '' ? 'bucket' : 'folder'}.
          </EmptyRows>
          {listing?.folders.map((folder) => (
            <tr key={folder} data-key={folder}>
              <td>
                <a href="#" onClick={(e) => (e.preventDefault(), setPrefix(folder))}>
                  {folder.slice(prefix.length)}
                </a>
              </td>
              <td>Folder</td>
              <td>-</td>
              <td>-</td>
              <td>-</td>
            </tr>
          ))}
          {listing?.objects.map((o) => (
            <tr key={o.key} data-key={o.key}>
              <td>
                <a href="#" title="Download" onClick={(e) => (e.preventDefault(), download(o.key))}>
                  {o.key.slice(prefix.length)}
                </a>
              </td>
              <td>{o.key.includes('.') ? o.key.slice(o.key.lastIndexOf('.') + 1) : ''}</td>
              <td>{new Date(o.lastModified).toLocaleString()}</td>
              <td>{formatSize(o.size)}</td>
              <td>{o.storageClass === 'STANDARD' ? 'Standard' : o.storageClass}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
