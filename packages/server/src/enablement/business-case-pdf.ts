/**
 * The one-page business case as a PDF, drawn with pdfkit (pure JavaScript,
 * its standard Helvetica fonts; no browser). It lays out the same
 * `businessCaseDocument` as the HTML page, so both say the same thing.
 */
import PDFDocument from 'pdfkit'
import { businessCaseDocument, type EnablementAnalysis } from '@revlab/analyses'

type Ok = Extract<EnablementAnalysis, { status: 'ok' }>

/** The standard fonts are WinAnsi: spell out the few characters they lack. */
const pdfText = (s: string): string =>
  s
    .replace(/−/g, '-')
    .replace(/≤/g, '<=')
    .replace(/≥/g, '>=')
    .replace(/Σ/g, 'sum ')
    .replace(/[^\t\n\r\u0020-\u00ff\u2013\u2014\u2018\u2019\u201c\u201d\u2022\u2026]/g, '?')

export function renderBusinessCasePdf(result: Ok, options: { creationDate?: Date } = {}): Promise<Buffer> {
  const doc = businessCaseDocument(result)
  const pdf = new PDFDocument({
    size: 'A4',
    margin: 48,
    info: {
      Title: pdfText(doc.title),
      Producer: 'Revlab',
      Creator: 'Revlab',
      CreationDate: options.creationDate ?? new Date(`${result.asOf}T00:00:00Z`),
    },
  })
  const chunks: Buffer[] = []
  const done = new Promise<Buffer>((resolve, reject) => {
    pdf.on('data', (c: Buffer) => chunks.push(c))
    pdf.on('end', () => resolve(Buffer.concat(chunks)))
    pdf.on('error', reject)
  })
  const width = pdf.page.width - 96
  pdf.font('Helvetica-Bold').fontSize(17).fillColor('#1b1f24').text(pdfText(doc.title), { width })
  pdf.font('Helvetica').fontSize(9.5).fillColor('#57606a').text(pdfText(doc.subtitle), { width })
  pdf.moveDown(0.6)
  const top = pdf.y
  pdf.font('Helvetica').fontSize(10.5).fillColor('#1b1f24')
  const headlineHeight = pdf.heightOfString(pdfText(doc.headline), { width: width - 16 })
  pdf.rect(48, top - 4, width, headlineHeight + 8).fill('#f3f6fa')
  pdf.rect(48, top - 4, 3, headlineHeight + 8).fill('#2f6feb')
  pdf.fillColor('#1b1f24').text(pdfText(doc.headline), 60, top, { width: width - 16 })
  pdf.moveDown(0.8)
  const col = [48, 48 + width * 0.38, 48 + width * 0.58]
  for (const f of doc.figures) {
    const y = pdf.y
    pdf
      .font('Helvetica')
      .fontSize(9.5)
      .fillColor('#1b1f24')
      .text(pdfText(f.label), col[0], y, { width: width * 0.37 })
    const h1 = pdf.y - y
    pdf.font('Helvetica-Bold').text(pdfText(f.value), col[1], y, { width: width * 0.19 })
    pdf
      .font('Helvetica')
      .fillColor('#57606a')
      .text(pdfText(f.interval), col[2], y, { width: width * 0.42 })
    const bottom = Math.max(y + h1, pdf.y) + 3
    pdf
      .moveTo(48, bottom)
      .lineTo(48 + width, bottom)
      .lineWidth(0.5)
      .strokeColor('#d0d7de')
      .stroke()
    pdf.y = bottom + 4
  }
  const section = (title: string, items: string[]): void => {
    pdf.moveDown(0.5)
    pdf.font('Helvetica-Bold').fontSize(11).fillColor('#1b1f24').text(title, 48, pdf.y, { width })
    pdf.moveDown(0.2)
    pdf.font('Helvetica').fontSize(8.8)
    for (const item of items)
      pdf.text(`\u2022 ${pdfText(item)}`, 56, pdf.y, { width: width - 8, paragraphGap: 2 })
  }
  section('What the data show', doc.evidence)
  section('Caveats', doc.caveats)
  pdf.moveDown(0.6)
  pdf.font('Helvetica').fontSize(7.5).fillColor('#57606a').text(pdfText(doc.footer), 48, pdf.y, { width })
  pdf.end()
  return done
}
