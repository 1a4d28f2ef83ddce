// Figure export (issue 6): SVG, PNG, CSV, HTML and PDF from the shared chart builders.
export { exportReport, REPORT_FORMATS, type ExportReportOptions, type ExportReportResult, type ReportProgress } from './export';
export { ReportError } from './errors';
export { renderSvg, svgToPng, pngSize, PNG_DPI } from './render';
export { chromiumPdf, chromiumAvailable, CHROMIUM_PATH, type PdfPrinter } from './pdf';
export { reportHtml, type ReportFigure, type ReportHtmlInput } from './html';
export { softwareVersions } from './versions';
