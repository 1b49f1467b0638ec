/** Only the http(s) URL the backend gave is ever handed to the system browser. */
export function isOpenableIdpUrl(raw: string): boolean {
  try {
    const url = new URL(raw);
    return (url.protocol === 'https:' || url.protocol === 'http:') && url.username === '' && url.password === '';
  } catch {
    return false;
  }
}
