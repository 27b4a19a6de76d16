/// What the container-setting fields accept (docs/profile.md, Values). Each check returns
/// the error code and a reason, or nil when the text is accepted.
extension ProfileSchema {
    /// At most this long: berth's own limit, far above what a variable name needs.
    public static let maxVariableNameLength = 255

    /// An environment variable name as POSIX shells and Kubernetes' `env` accept it without
    /// quoting: a letter or `_`, then letters, digits and `_`.
    @Sendable public static func variableNameProblem(_ name: String) -> (ProfileError.Code, String)? {
        let bytes = Array(name.utf8)
        func letter(_ b: UInt8) -> Bool { (65...90).contains(b) || (97...122).contains(b) || b == 95 }
        guard !bytes.isEmpty, bytes.count <= maxVariableNameLength, letter(bytes[0]),
              bytes.allSatisfy({ letter($0) || (48...57).contains($0) }) else {
            return (.invalidVariable, "must be a variable name: a letter or '_', then letters, digits and '_', at most \(maxVariableNameLength)")
        }
        return nil
    }

    /// A secret's ARN is at most 2,048 characters (the `valueFrom` of an ECS secret); names are shorter.
    public static let maxSecretReferenceLength = 2048

    /// The name or ARN of a Secrets Manager secret or an SSM parameter: the characters their
    /// names allow (letters, digits, `/_+=.@-`) and `:` for an ARN. A space or a quote says
    /// that a value, not a name, was written.
    @Sendable public static func secretReferenceProblem(_ reference: String) -> (ProfileError.Code, String)? {
        let allowed = Set("/_+=.@-:".utf8)
        let bytes = Array(reference.utf8)
        guard !bytes.isEmpty, bytes.count <= maxSecretReferenceLength,
              bytes.allSatisfy({ (65...90).contains($0) || (97...122).contains($0) || (48...57).contains($0) || allowed.contains($0) }) else {
            return (.invalidSecret, "must be the name or ARN of a Secrets Manager secret or an SSM parameter (letters, digits and /_+=.@-:, at most \(maxSecretReferenceLength)), never the secret's value")
        }
        return nil
    }

    /// ELB target groups take health check paths of at most 1,024 characters.
    public static let maxHealthCheckPathLength = 1024

    /// An absolute HTTP path, with an optional query: `/` then the characters RFC 3986 allows
    /// in a path and query unescaped (and `%` escapes). No spaces, quotes or `#`.
    public static func healthCheckPathProblem(_ path: String) -> String? {
        let allowed = Set("-._~!$&()*+,;=:@/?%".utf8)
        let bytes = Array(path.utf8)
        guard bytes.first == 47, bytes.count <= maxHealthCheckPathLength,
              bytes.allSatisfy({ (65...90).contains($0) || (97...122).contains($0) || (48...57).contains($0) || allowed.contains($0) }) else {
            return "must be an HTTP path starting with '/' (letters, digits and -._~!$&()*+,;=:@/?%, at most \(maxHealthCheckPathLength)), like /healthz"
        }
        return nil
    }
}
