import BerthCore

/// Where a service's detail is written (`HTMLReport.detail`): as HTML text (`HTMLSink`), or
/// as nodes of a large page's data block (`HTMLData`), which the page's script turns into the
/// same elements. An element is named by a spec: its tag, then either its class names or
/// (for a link) `#fragment`: `"li"`, `"span chip"`, `"a #r-no-gpu"`. Specs are berth's own
/// constants and anchors (`Escape.anchor`); text is anything, and is escaped by the sink.
protocol DetailSink {
    mutating func open(_ spec: String)
    mutating func text(_ s: String)
    mutating func close()
}

/// Writes HTML: `<tag class="…">` or `<a href="#…">`, text escaped.
struct HTMLSink: DetailSink {
    var out = ""
    private var tags: [Substring] = []

    mutating func open(_ spec: String) {
        guard let space = spec.firstIndex(of: " ") else {
            tags.append(Substring(spec))
            out += "<" + spec + ">"
            return
        }
        let tag = spec[..<space], rest = spec[spec.index(after: space)...]
        tags.append(tag)
        out += "<" + tag + (rest.first == "#" ? " href=\"" : " class=\"") + Escape.html(String(rest)) + "\">"
    }

    mutating func text(_ s: String) { out += Escape.html(s) }

    mutating func close() { out += "</" + (tags.popLast() ?? "") + ">" }
}

/// A large page's data block: the whole matrix and every service's details, as compact JSON
/// in an inert `<script type="application/json" id="berth-data">` (never run; `<`, `>` and
/// `&` are written as `\u003c`, `\u003e`, `\u0026`, so no string can end the element). The
/// page's script reads it with `JSON.parse` and builds elements with `createElement` and
/// `textContent`, never `innerHTML`, so no string in it is ever parsed as markup.
///
/// Strings, matrix cells and detail nodes repeat from service to service (the same rules fire
/// with the same messages), so each is stored once and referred to by index:
///
///     {"v":1, "page":200, "print":1000,                                 rows a page, rows printed
///      "p":[["fargate","Fargate"], …, ["none","Nothing eligible"]],   platforms (class, name)
///      "s":["", …],                       strings
///      "c":[[text, title, key, state], …] matrix cells: strings, sort key, 0 ✗ / 1 ✓ / 2 ★
///      "n":[[spec, child, …], …]          detail nodes: spec a string; a child ≥ 0 a node,
///                                         < 0 the text s[-1 - child]
///      "r":[[name, description, [label, …], platform, cell × 4, details], …]}   rows, input order
///
/// A row's `details` node is the service's `<details class="svc">` (its summary and body).
struct HTMLData: DetailSink {
    private(set) var strings: [String] = [""]
    private var stringIndex: [String: Int] = ["": 0]
    private(set) var nodes: [[Int]] = []
    private var nodeIndex: [[Int]: Int] = [:]
    private(set) var cells: [[Int]] = []
    private var cellIndex: [[Int]: Int] = [:]
    private var stack: [[Int]] = [[]]
    private var pending = ""

    mutating func string(_ s: String) -> Int {
        if let i = stringIndex[s] { return i }
        strings.append(s)
        stringIndex[s] = strings.count - 1
        return strings.count - 1
    }

    private mutating func flush() {
        guard !pending.isEmpty else { return }
        let i = string(pending)
        stack[stack.count - 1].append(-1 - i)
        pending.removeAll(keepingCapacity: true)
    }

    mutating func open(_ spec: String) {
        flush()
        stack.append([string(spec)])
    }

    /// Adjacent text is joined into one text node (so `": "` + a message interns as one string).
    mutating func text(_ s: String) { pending += s }

    mutating func close() {
        flush()
        let node = stack.removeLast()
        let i: Int
        if let found = nodeIndex[node] {
            i = found
        } else {
            nodes.append(node)
            i = nodes.count - 1
            nodeIndex[node] = i
        }
        stack[stack.count - 1].append(i)
    }

    /// The last node closed at the top level (a service's `<details>`), taken off the stack.
    mutating func takeRoot() -> Int {
        flush()
        return stack[0].popLast() ?? -1
    }

    mutating func cell(text: String, title: String, key: Int, state: Int) -> Int {
        let c = [string(text), string(title), key, state]
        if let i = cellIndex[c] { return i }
        cells.append(c)
        cellIndex[c] = cells.count - 1
        return cells.count - 1
    }

    /// The data block of a large run.
    static func block(_ m: ReportModel, _ t: Strings, pageSize: Int, printMax: Int) -> String {
        var d = HTMLData()
        var rows = ""
        rows.reserveCapacity(m.services.count * 96)
        for (n, s) in m.services.enumerated() {
            d.open("details svc")
            HTMLReport.summary(s, t, &d)
            d.open("div body")
            HTMLReport.detail(s, m, t, &d)
            d.close()
            d.close()
            let details = d.takeRoot()
            if n > 0 { rows += "," }
            rows += "["
            rows += JSONWriter.quoted(s.name)
            rows += ",\(d.string(s.description)),["
            rows += s.labels.map { String(d.string($0.key + "=" + $0.value)) }.joined(separator: ",")
            rows += "],\(s.recommendation?.order ?? Platform.allCases.count)"
            for p in Platform.allCases {
                let c = Narrative.cell(s, p, t)
                let v = s.verdict(p)
                let key = v.eligible ? (s.recommendation == p ? 2000 : 1000) + v.score : 0
                let state = c.state == "rec" ? 2 : c.state == "ok" ? 1 : 0
                rows += ",\(d.cell(text: c.text, title: state == 0 ? c.detail : "", key: key, state: state))"
            }
            rows += ",\(details)]"
        }

        var o = ""
        o.reserveCapacity(rows.utf8.count + d.strings.reduce(0) { $0 + $1.utf8.count + 3 } + d.nodes.count * 16 + 4096)
        o += "{\"v\":1,\"page\":\(pageSize),\"print\":\(printMax),\"p\":["
        let platforms: [Platform?] = Platform.allCases.map(Optional.some) + [nil]
        for (i, p) in platforms.enumerated() {
            if i > 0 { o += "," }
            o += "["
            o += JSONWriter.quoted(HTMLReport.cls(p))
            o += ","
            o += JSONWriter.quoted(t.platformName(p))
            o += "]"
        }
        o += "],\n\"s\":["
        for (i, s) in d.strings.enumerated() {
            if i > 0 { o += "," }
            o += JSONWriter.quoted(s)
        }
        o += "],\n\"c\":["
        o += d.cells.map { "[" + $0.map(String.init).joined(separator: ",") + "]" }.joined(separator: ",")
        o += "],\n\"n\":["
        for (i, node) in d.nodes.enumerated() {
            if i > 0 { o += "," }
            o += "["
            for (j, x) in node.enumerated() {
                if j > 0 { o += "," }
                o += String(x)
            }
            o += "]"
        }
        o += "],\n\"r\":["
        o += rows
        o += "]}"
        return o
    }
}
