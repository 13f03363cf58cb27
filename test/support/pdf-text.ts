import path from 'node:path';

/**
 * The text of a PDF, page by page, as pdf.js extracts it: each page's text items joined by a
 * space (a line break where pdf.js reports one). Tests compare documents' text with the facts they
 * were built from.
 */
export async function pdfText(bytes: Buffer): Promise<{ pages: string[]; text: string; info: Record<string, unknown> }> {
  const pdfjs = await import('pdfjs-dist/legacy/build/pdf.mjs');
  const standardFontDataUrl = `${path.resolve(process.cwd(), 'node_modules/pdfjs-dist/standard_fonts')}/`;
  const doc = await pdfjs.getDocument({ data: new Uint8Array(bytes), standardFontDataUrl, useSystemFonts: false, isEvalSupported: false, verbosity: 0 }).promise;
  const pages: string[] = [];
  for (let i = 1; i <= doc.numPages; i++) {
    const page = await doc.getPage(i);
    const content = await page.getTextContent();
    let text = '';
    for (const item of content.items) {
      if (!('str' in item)) continue;
      text += item.str + (item.hasEOL ? '\n' : ' ');
    }
    pages.push(text);
  }
  const meta = await doc.getMetadata();
  await doc.destroy();
  return { pages, text: pages.join('\n'), info: (meta.info ?? {}) as Record<string, unknown> };
}

/**
 * Collapses runs of white space, and rejoins words a line broke after a hyphen (`ac8c8d70-` /
 * `e679-…`), so that facts wrapped over two lines still match.
 */
export const squash = (text: string): string => text.replace(/\s+/g, ' ').replace(/(\S)- (?=\S)/g, '$1-');
