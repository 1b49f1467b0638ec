/** A text file the person saves where they choose (Electron's save dialog). */
interface SaveTextFileRequest {
  readonly title: string;
  readonly suggestedName: string;
  readonly text: string;
  readonly filter: { readonly name: string; readonly extensions: readonly string[] };
}

type SaveTextFileResult = { readonly kind: 'saved'; readonly path: string } | { readonly kind: 'cancelled' };

/** Absent in the web host: there the page downloads the file itself. */
export type SaveTextFile = (request: SaveTextFileRequest) => Promise<SaveTextFileResult>;
