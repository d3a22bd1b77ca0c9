/** Downloads of the dashboard: files fetched with the token when their link is clicked. */
import { h } from '../dom.js';

/** Saves a blob under `name` through a temporary link. */
export function saveBlob(blob: Blob, name: string): void {
  const url = URL.createObjectURL(blob);
  const a = h('a', { href: url, download: name, hidden: true });
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** A download link (id `id`, file `name`) whose file is made by `fetchIt` when clicked. */
export function downloadLink(
  label: string,
  id: string,
  fetchIt: () => Promise<Blob>,
  name: string,
  fail: (e: Error) => void,
): HTMLElement {
  const a = h('a', { href: '#', id, class: 'download', download: name }, label);
  a.addEventListener('click', (e) => {
    e.preventDefault();
    fetchIt()
      .then((b) => saveBlob(b, name))
      .catch(fail);
  });
  return a;
}
