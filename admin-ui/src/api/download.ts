// Downloads a file from our /api (CSV exports, consent proof) with the same auth as every other call: fetch
// it, then hand the browser a blob link. A plain <a href> would carry no session token when embedded.
import { ApiError, apiErrorFromResponse } from './api-error.js';
import { sessionToken } from './app-bridge.js';

export async function downloadFile(path: string, filename: string): Promise<void> {
  const token = await sessionToken();
  let response: Response;
  try {
    response = await fetch(path, {
      headers: token === undefined ? {} : { Authorization: `Bearer ${token}` },
    });
  } catch {
    throw new ApiError({
      status: 0,
      code: 'network_error',
      message: 'Could not reach the server. Check your connection and try again.',
    });
  }
  if (!response.ok) {
    let body: unknown;
    try {
      body = await response.json();
    } catch {
      body = undefined;
    }
    throw apiErrorFromResponse(response.status, body);
  }
  const url = URL.createObjectURL(await response.blob());
  const link = document.createElement('a');
  link.href = url;
  link.download = filename;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
