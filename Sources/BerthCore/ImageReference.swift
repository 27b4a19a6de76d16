/// Container image references, checked against Docker's grammar (the distribution project's
/// `reference` package): `[host[:port]/]path[:tag][@digest]`.
public enum ImageReference {
    /// True when `text` is a valid reference:
    /// - host: dot-separated components of letters, digits and inner `-`, optional `:port`;
    ///   the first `/`-part is the host when it holds `.` or `:`, is `localhost`, or has
    ///   uppercase letters (which a path may not)
    /// - path: `/`-separated components of lowercase letters and digits, joined inside by
    ///   one `.`, one or two `_`, or any run of `-`; the name (host and path) at most 255
    /// - tag: a letter, digit or `_`, then up to 127 of those, `.` and `-`
    /// - digest: `algorithm:hex`, the algorithm letters and digits (starting with a letter)
    ///   joined by `+ . _ -`, the hex at least 32 digits
    public static func isValid(_ text: String) -> Bool {
        var name = Substring(text)
        if let at = name.firstIndex(of: "@") {
            guard isDigest(name[name.index(after: at)...]) else { return false }
            name = name[..<at]
        }
        if let colon = name.lastIndex(of: ":"), !name[colon...].contains("/") {
            guard isTag(name[name.index(after: colon)...]) else { return false }
            name = name[..<colon]
        }
        guard !name.isEmpty, name.utf8.count <= 255 else { return false }
        var parts = name.split(separator: "/", omittingEmptySubsequences: false)
        if parts.count > 1, let first = parts.first,
           first.contains(".") || first.contains(":") || first == "localhost" || first.contains(where: \.isUppercase) {
            guard isHost(first) else { return false }
            parts.removeFirst()
        }
        return parts.allSatisfy(isPathComponent)
    }

    private static func isAlnum(_ b: UInt8) -> Bool { isLowerAlnum(b) || (b >= 65 && b <= 90) }
    private static func isLowerAlnum(_ b: UInt8) -> Bool { (b >= 97 && b <= 122) || (b >= 48 && b <= 57) }

    private static func isHost(_ s: Substring) -> Bool {
        var host = s
        if let colon = s.lastIndex(of: ":") {
            let port = s[s.index(after: colon)...]
            guard !port.isEmpty, port.utf8.allSatisfy({ $0 >= 48 && $0 <= 57 }) else { return false }
            host = s[..<colon]
        }
        return host.split(separator: ".", omittingEmptySubsequences: false).allSatisfy { part in
            let b = Array(part.utf8)
            guard let f = b.first, let l = b.last, isAlnum(f), isAlnum(l) else { return false }
            return b.allSatisfy { isAlnum($0) || $0 == 45 }
        }
    }

    private static func isPathComponent(_ s: Substring) -> Bool {
        let b = Array(s.utf8)
        guard let f = b.first, let l = b.last, isLowerAlnum(f), isLowerAlnum(l) else { return false }
        var i = 0
        while i < b.count {
            if isLowerAlnum(b[i]) { i += 1; continue }
            var j = i
            while j < b.count, !isLowerAlnum(b[j]) { j += 1 }
            let separator = b[i..<j]
            let ok = separator.elementsEqual([46]) || separator.elementsEqual([95]) || separator.elementsEqual([95, 95])
                || separator.allSatisfy { $0 == 45 }
            guard ok else { return false }
            i = j
        }
        return true
    }

    private static func isTag(_ s: Substring) -> Bool {
        let b = Array(s.utf8)
        guard let f = b.first, b.count <= 128, isAlnum(f) || f == 95 else { return false }
        return b.allSatisfy { isAlnum($0) || $0 == 95 || $0 == 46 || $0 == 45 }
    }

    private static func isDigest(_ s: Substring) -> Bool {
        guard let colon = s.firstIndex(of: ":") else { return false }
        let hex = s[s.index(after: colon)...].utf8
        guard hex.count >= 32, hex.allSatisfy({ ($0 >= 48 && $0 <= 57) || ($0 >= 97 && $0 <= 102) || ($0 >= 65 && $0 <= 70) }) else { return false }
        let algorithm = s[..<colon]
        return algorithm.split(separator: "+", omittingEmptySubsequences: false)
            .flatMap { $0.split(separator: ".", omittingEmptySubsequences: false) }
            .flatMap { $0.split(separator: "_", omittingEmptySubsequences: false) }
            .flatMap { $0.split(separator: "-", omittingEmptySubsequences: false) }
            .allSatisfy { part in
                let b = Array(part.utf8)
                guard let f = b.first, (f >= 65 && f <= 90) || (f >= 97 && f <= 122) else { return false }
                return b.allSatisfy(isAlnum)
            }
    }
}
