import BerthCore

/// A text in both languages.
public struct Localized: Sendable, Equatable {
    public var en: String
    public var ja: String

    public init(en: String, ja: String) {
        self.en = en
        self.ja = ja
    }

    public func callAsFunction(_ language: Language) -> String {
        language == .ja ? ja : en
    }
}
