import BerthCore
import Foundation
import GRDB

/// One version of a stored profile.
public struct StoredProfile: Codable, Hashable, Sendable, FetchableRecord, PersistableRecord {
    public static let databaseTableName = "profiles"
    public var id: Int64?
    public var name: String
    /// 1 for the first `profile add` of a name, then 2, 3...
    public var version: Int
    /// ISO 8601, UTC.
    public var createdAt: String
    /// The given fields as JSON (what a profile file would hold; defaults are not stored).
    public var profile: String

    enum CodingKeys: String, CodingKey {
        case id, name, version
        case createdAt = "created_at"
        case profile
    }

    public mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }

    /// Decodes the stored JSON back into a typed profile (sources not included; see
    /// `AppDatabase.provenance(of:)`).
    public func decoded() throws -> Profile {
        try ProfileFile.load(data: Data(profile.utf8), file: "profiles/\(name)@\(version)")
    }
}

/// Where one field of a stored profile came from.
public struct FieldProvenance: Codable, Hashable, Sendable, FetchableRecord, PersistableRecord {
    public static let databaseTableName = "profile_provenance"
    public var profileID: Int64
    public var field: String
    /// `given`, `person`, `answers-file`, `imported`, `default` or `unknown`.
    public var source: String
    public var file: String?
    public var line: Int?
    public var column: Int?
    /// How an imported value was converted (`limits.cpu 500m -> vcpu 0.5`).
    public var rule: String?

    enum CodingKeys: String, CodingKey {
        case profileID = "profile_id"
        case field, source, file, line, column, rule
    }

    public init(profileID: Int64, field: String, source: FieldSource) {
        self.profileID = profileID
        self.field = field
        var location: SourceLocation?
        switch source {
        case .given(let at): self.source = "given"; location = at
        case .person: self.source = "person"
        case .answersFile(let at): self.source = "answers-file"; location = at
        case .imported(let at, let rule): self.source = "imported"; location = at; self.rule = rule
        case .defaulted: self.source = "default"
        case .unknown: self.source = "unknown"
        }
        file = location?.file
        line = location?.line
        column = location?.column
    }

    public var fieldSource: FieldSource {
        let location = file.map { SourceLocation(file: $0, line: line ?? 1, column: column ?? 1) }
        switch source {
        case "given": return .given(location)
        case "person": return .person
        case "answers-file": return location.map { .answersFile($0) } ?? .given(nil)
        case "imported": return location.map { .imported($0, rule: rule ?? "") } ?? .given(nil)
        case "unknown": return .unknown
        default: return .defaulted
        }
    }
}

extension AppDatabase {
    /// Stores a profile under its name as a new version; older versions stay as history.
    @discardableResult
    public func addProfile(_ profile: Profile, at date: Date = Date()) throws -> StoredProfile {
        var json = JSONWriter()
        json.givenProfile(profile)
        let text = String(decoding: json.bytes, as: UTF8.self)
        return try write { db in
            let latest = try Int.fetchOne(db, sql: "SELECT MAX(version) FROM profiles WHERE name = ?", arguments: [profile.name]) ?? 0
            let record = try StoredProfile(id: nil, name: profile.name, version: latest + 1, createdAt: Self.timestamp(date), profile: text)
                .inserted(db)
            guard let id = record.id else { throw StoreError(.sqlite, "the new profile has no id") }
            for field in ProfileField.allCases {
                try FieldProvenance(profileID: id, field: field.rawValue, source: profile.source(of: field)).insert(db)
            }
            return record
        }
    }

    /// Stores a profile as `addProfile` does, unless the latest stored version of its name
    /// holds the same values from the same places (a batch over imported files stores each
    /// workload it imports; running it again adds no version). Returns the latest version
    /// and whether it was added.
    @discardableResult
    public func addProfileIfChanged(_ profile: Profile, at date: Date = Date()) throws -> (record: StoredProfile, added: Bool) {
        var json = JSONWriter()
        json.givenProfile(profile)
        let text = String(decoding: json.bytes, as: UTF8.self)
        if let latest = try self.profile(named: profile.name), let id = latest.id, latest.profile == text {
            let stored = try provenance(of: id)
            let wanted = ProfileField.allCases.map { FieldProvenance(profileID: id, field: $0.rawValue, source: profile.source(of: $0)) }
            if Set(stored) == Set(wanted) { return (latest, false) }
        }
        return (try addProfile(profile, at: date), true)
    }

    /// The latest version of every stored profile, by name.
    public func latestProfiles() throws -> [StoredProfile] {
        try read { db in
            try StoredProfile.fetchAll(db, sql: """
                SELECT p.* FROM profiles p
                WHERE p.version = (SELECT MAX(version) FROM profiles WHERE name = p.name)
                ORDER BY p.name
                """)
        }
    }

    /// The latest version of a profile, or nil.
    public func profile(named name: String) throws -> StoredProfile? {
        try read { db in
            try StoredProfile.fetchOne(db, sql: "SELECT * FROM profiles WHERE name = ? ORDER BY version DESC LIMIT 1", arguments: [name])
        }
    }

    /// Every version of a profile, oldest first.
    public func profileHistory(named name: String) throws -> [StoredProfile] {
        try read { db in
            try StoredProfile.fetchAll(db, sql: "SELECT * FROM profiles WHERE name = ? ORDER BY version", arguments: [name])
        }
    }

    /// Per-field provenance of one stored version, in schema order.
    public func provenance(of profileID: Int64) throws -> [FieldProvenance] {
        let order = Dictionary(uniqueKeysWithValues: ProfileField.allCases.enumerated().map { ($1.rawValue, $0) })
        return try read { db in
            try FieldProvenance.fetchAll(db, sql: "SELECT * FROM profile_provenance WHERE profile_id = ?", arguments: [profileID])
        }.sorted { (order[$0.field] ?? 99) < (order[$1.field] ?? 99) }
    }

    /// Removes a profile: every version when `allVersions` (the default), else only the
    /// latest (the previous version becomes current). Returns how many versions went.
    @discardableResult
    public func removeProfile(named name: String, allVersions: Bool = true) throws -> Int {
        try write { db in
            if allVersions {
                try db.execute(sql: "DELETE FROM profiles WHERE name = ?", arguments: [name])
            } else {
                try db.execute(sql: "DELETE FROM profiles WHERE id = (SELECT id FROM profiles WHERE name = ? ORDER BY version DESC LIMIT 1)", arguments: [name])
            }
            return db.changesCount
        }
    }
}
