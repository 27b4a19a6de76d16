// BerthReport: the architecture review report of a stored batch run, as GitHub-flavoured
// Markdown or one self-contained HTML page, in English or Japanese. The library builds a
// `ReportModel` from the store (`ReportBuilder.build`) and renders it; it never prints.

/// The report's two formats.
public enum ReportFormat: String, CaseIterable, Sendable {
    case html, markdown

    /// From an output file name: `.html`/`.htm` or `.md`/`.markdown`.
    public static func inferred(fromPath path: String) -> ReportFormat? {
        let lower = path.lowercased()
        if lower.hasSuffix(".html") || lower.hasSuffix(".htm") { return .html }
        if lower.hasSuffix(".md") || lower.hasSuffix(".markdown") { return .markdown }
        return nil
    }
}

public enum ReportRenderer {
    /// Renders a model in a format and language.
    public static func render(_ model: ReportModel, format: ReportFormat, language: ReportLanguage) -> String {
        switch format {
        case .html: return HTMLReport.render(model, language: language)
        case .markdown: return MarkdownReport.render(model, language: language)
        }
    }
}
