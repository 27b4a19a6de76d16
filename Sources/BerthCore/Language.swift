/// The languages berth speaks: the questionnaire, decisions, rules' titles and reports.
public enum Language: String, CaseIterable, Sendable {
    case en, ja

    /// `ja` when the locale (LC_ALL, then LC_MESSAGES, then LANG: the first one set) is
    /// Japanese, such as `ja_JP.UTF-8`; otherwise `en`.
    ///
    /// `variable` reads one environment variable (the process's own: `getenv`, without
    /// copying the whole environment into a dictionary first).
    public static func fromEnvironment(_ variable: (String) -> String?) -> Language {
        for key in ["LC_ALL", "LC_MESSAGES", "LANG"] {
            if let value = variable(key), !value.isEmpty {
                return value.lowercased().hasPrefix("ja") ? .ja : .en
            }
        }
        return .en
    }
}

