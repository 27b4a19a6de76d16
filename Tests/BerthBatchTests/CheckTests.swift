import BerthBatch
import BerthCore
import BerthInventory
import BerthRules
import Foundation
import XCTest
#if canImport(FoundationXML)
import FoundationXML
#endif

/// `berth check`'s findings from the real engine and rules, and its baseline.
final class CheckFindingTests: XCTestCase {
    static let inventory = """
        name,trigger,gpu_count,os,arch,current_platform,current_variant
        checkout,http,,,,ecs-ec2,self-managed
        gpu,worker,1,,,fargate,
        fine,http,,,,fargate,on-demand
        edge,,,windows,arm64,ecs-ec2,
        win-disk,worker,,windows,,ecs-ec2,managed-instances
        """

    func services(baseline: Baseline? = nil, inventory: String = inventory) throws -> (CheckCollector, [CheckedService]) {
        let engine = Engine(pack: try PackLoader.builtin("current"), asOf: "2026-11-26")
        let collector = CheckCollector(file: "inv.csv", baseline: baseline)
        let summary = try Batch.run(reader: try Inventory.reader(text: inventory, name: "inv.csv", format: .csv), store: nil,
                                    options: BatchOptions(pack: "current", asOf: engine.asOf, inputPath: "inv.csv"),
                                    sink: collector, onRejected: { XCTFail("rejected: \($0)") }) { engine.decide($0, messages: true) }
        XCTAssertEqual(summary.rejected, 0)
        return (collector, collector.services)
    }

    func testEachKindIsFoundAtItsRowWithTheRulesInvolved() throws {
        let found = try services().1.flatMap(\.findings).map { "\($0.line):\($0.column) \($0.service) \($0.kind.rawValue) \($0.rules)" }
        XCTAssertEqual(found, [
            "2:1 checkout misplaced [\"fargate-default\"]",
            "3:1 gpu infeasible [\"gpu-not-on-fargate\"]",
            "3:1 gpu misplaced [\"no-instances-wanted\", \"eks-control-plane-cost\"]",
            // ECS or EKS for a GPU: only the procedure's last step, the free control plane.
            "3:1 gpu judgement-call [\"eks-control-plane-cost\"]",
            "5:1 edge infeasible [\"runs-windows-arm64\"]",
            "5:1 edge no-platform [\"windows-arm64-not-on-fargate\", \"windows-not-on-lambda\", \"runs-windows-arm64\"]",
            // ECS runs it, but not as the variant it runs as today: Managed Instances has no Windows.
            "6:1 win-disk infeasible [\"runs-windows-x86-64\"]",
            "6:1 win-disk misplaced [\"no-instances-wanted\"]",
        ])
        let misplaced = try XCTUnwrap(try services().1.first?.findings.first)
        XCTAssertEqual(misplaced.message, "runs on ecs-ec2/self-managed; berth recommends fargate/on-demand (ecs-ec2 lost at step 5 of 6, \"Otherwise Fargate\"): Everything else is fine on Fargate [fargate-default]")
    }

    func testTheBaselineSilencesKnownFindingsWhereverTheirRowMoved() throws {
        let (first, _) = try services()
        let written = Baseline(first.all).json.rendered()
        let baseline = try XCTUnwrap(Baseline(data: Data(written.utf8)))
        // The same services one row lower, and a new one that the baseline does not know.
        let moved = Self.inventory.replacingOccurrences(of: "checkout,", with: "new-api,http,,,,ecs-ec2,\ncheckout,")
        let (second, checked) = try services(baseline: baseline, inventory: moved)
        XCTAssertEqual(second.silenced, 8)
        XCTAssertEqual(checked.flatMap(\.findings).map { "\($0.line) \($0.service) \($0.kind.rawValue)" }, ["2 new-api misplaced"])
        XCTAssertEqual(second.all.count, 9)
        XCTAssertNil(Baseline(data: Data(#"{"schema_version": 2, "findings": []}"#.utf8)))
        XCTAssertNil(Baseline(data: Data("not json".utf8)))
    }
}

/// Each format's exact output for a small report, with hostile text where untrusted text goes:
/// the inventory's path (any file name) and messages (a rule pack's text, profile values).
final class CheckWriterTests: XCTestCase {
    static let file = "inv \"a&b\"<x>,y:z%.csv"

    static var report: CheckReport {
        var report = CheckReport()
        report.pack = "current"
        report.asOf = "2026-11-26"
        report.toolVersion = "0.1.0"
        report.timestamp = "2026-11-26T09:30:00"
        report.hostname = "ci-runner"
        report.rules = [
            "no-instances-wanted": RuleInfo(title: "The team does not want to manage EC2 instances", source: "talk 2018-08-03: ECS でのフィードバック"),
            "gpu-not-on-fargate": RuleInfo(title: "Fargate has no GPUs", source: "fargate.gpu: AWS Fargate docs [high]"),
        ]
        func finding(_ kind: FindingKind, _ service: String, _ line: Int, _ message: String, _ rules: [String]) -> Finding {
            var f = Finding(kind: kind, service: service, file: file, line: line, column: 1, message: message, rules: rules)
            if kind == .misplaced { f.monthlyDifferenceUSD = -22.19 }
            return f
        }
        report.services = [
            CheckedService(name: "api", file: file, line: 2, column: 1, findings: [
                finding(.misplaced, "api", 2, "runs on ecs-ec2; <b>&\"q\"' 100%\r\nnext,line: \u{1}x", ["no-instances-wanted"]),
            ]),
            CheckedService(name: "gpu", file: file, line: 3, column: 1, findings: [
                finding(.infeasible, "gpu", 3, "fargate cannot run it [gpu-not-on-fargate]", ["gpu-not-on-fargate"]),
                finding(.judgementCall, "gpu", 3, "ecs-ec2 and eks stand equal", []),
            ]),
            CheckedService(name: "ok", file: file, line: 4, column: 1, findings: []),
        ]
        return report
    }

    func expect(_ format: CheckFormat, _ expected: String, file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertEqual(format.writer.render(Self.report), expected, file: file, line: line)
    }

    func testText() {
        expect(.text, #"""
            inv "a&b"<x>,y:z%.csv:2:1: misplaced (not failing): api: runs on ecs-ec2; <b>&"q"' 100%\u{D}\u{A}next,line: \u{1}x
            inv "a&b"<x>,y:z%.csv:3:1: infeasible: gpu: fargate cannot run it [gpu-not-on-fargate]
            inv "a&b"<x>,y:z%.csv:3:1: judgement-call (not failing): gpu: ecs-ec2 and eks stand equal
            3 services, 3 findings, 1 failing
            """# + "\n")
    }

    func testJSON() {
        expect(.json, #"""
            {
              "fail_on": [
                "infeasible",
                "no-platform"
              ],
              "failing": 1,
              "findings": [
                {
                  "column": 1,
                  "fails": false,
                  "file": "inv \"a\u0026b\"\u003cx\u003e,y:z%.csv",
                  "kind": "misplaced",
                  "line": 2,
                  "message": "runs on ecs-ec2; \u003cb\u003e\u0026\"q\"' 100%\r\nnext,line: \u0001x",
                  "monthly_difference_usd": -22.19,
                  "rules": [
                    "no-instances-wanted"
                  ],
                  "service": "api"
                },
                {
                  "column": 1,
                  "fails": true,
                  "file": "inv \"a\u0026b\"\u003cx\u003e,y:z%.csv",
                  "kind": "infeasible",
                  "line": 3,
                  "message": "fargate cannot run it [gpu-not-on-fargate]",
                  "monthly_difference_usd": null,
                  "rules": [
                    "gpu-not-on-fargate"
                  ],
                  "service": "gpu"
                },
                {
                  "column": 1,
                  "fails": false,
                  "file": "inv \"a\u0026b\"\u003cx\u003e,y:z%.csv",
                  "kind": "judgement-call",
                  "line": 3,
                  "message": "ecs-ec2 and eks stand equal",
                  "monthly_difference_usd": null,
                  "rules": [],
                  "service": "gpu"
                }
              ],
              "rules": {
                "as_of": "2026-11-26",
                "pack": "current"
              },
              "schema_version": 1,
              "services": 3,
              "silenced": 0
            }
            """# + "\n")
    }

    func testSARIF() {
        expect(.sarif, #"""
            {
              "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
              "runs": [
                {
                  "properties": {
                    "as_of": "2026-11-26",
                    "pack": "current"
                  },
                  "results": [
                    {
                      "level": "warning",
                      "locations": [
                        {
                          "physicalLocation": {
                            "artifactLocation": {
                              "uri": "inv%20%22a\u0026b%22%3Cx%3E,y%3Az%25.csv"
                            },
                            "region": {
                              "startColumn": 1,
                              "startLine": 2
                            }
                          }
                        }
                      ],
                      "message": {
                        "text": "api: runs on ecs-ec2; \u003cb\u003e\u0026\"q\"' 100%\r\nnext,line: \u0001x"
                      },
                      "partialFingerprints": {
                        "berth/v1": "api|misplaced|no-instances-wanted"
                      },
                      "properties": {
                        "rules": [
                          "no-instances-wanted"
                        ],
                        "service": "api"
                      },
                      "ruleId": "misplaced",
                      "ruleIndex": 0
                    },
                    {
                      "level": "error",
                      "locations": [
                        {
                          "physicalLocation": {
                            "artifactLocation": {
                              "uri": "inv%20%22a\u0026b%22%3Cx%3E,y%3Az%25.csv"
                            },
                            "region": {
                              "startColumn": 1,
                              "startLine": 3
                            }
                          }
                        }
                      ],
                      "message": {
                        "text": "gpu: fargate cannot run it [gpu-not-on-fargate]"
                      },
                      "partialFingerprints": {
                        "berth/v1": "gpu|infeasible|gpu-not-on-fargate"
                      },
                      "properties": {
                        "rules": [
                          "gpu-not-on-fargate"
                        ],
                        "service": "gpu"
                      },
                      "ruleId": "infeasible",
                      "ruleIndex": 1
                    },
                    {
                      "level": "note",
                      "locations": [
                        {
                          "physicalLocation": {
                            "artifactLocation": {
                              "uri": "inv%20%22a\u0026b%22%3Cx%3E,y%3Az%25.csv"
                            },
                            "region": {
                              "startColumn": 1,
                              "startLine": 3
                            }
                          }
                        }
                      ],
                      "message": {
                        "text": "gpu: ecs-ec2 and eks stand equal"
                      },
                      "partialFingerprints": {
                        "berth/v1": "gpu|judgement-call|"
                      },
                      "properties": {
                        "rules": [],
                        "service": "gpu"
                      },
                      "ruleId": "judgement-call",
                      "ruleIndex": 4
                    }
                  ],
                  "tool": {
                    "driver": {
                      "name": "berth",
                      "rules": [
                        {
                          "defaultConfiguration": {
                            "level": "warning"
                          },
                          "help": {
                            "text": "Compare current_platform with the recommendation and its reasons (docs/decision.md); move the service or record the finding in a baseline."
                          },
                          "id": "misplaced",
                          "shortDescription": {
                            "text": "The service runs on a platform other than the one berth recommends."
                          }
                        },
                        {
                          "defaultConfiguration": {
                            "level": "error"
                          },
                          "help": {
                            "text": "The blocking requirement or rule is named; its source is in the rule's entry. Move the service or change the profile."
                          },
                          "id": "infeasible",
                          "shortDescription": {
                            "text": "The platform the service runs on cannot run it at the date: a requirement or rule excludes it."
                          }
                        },
                        {
                          "defaultConfiguration": {
                            "level": "warning"
                          },
                          "help": {
                            "text": "Check the named requirements by hand; berth never recommends an unverified variant over a verified one."
                          },
                          "id": "unverified",
                          "shortDescription": {
                            "text": "The recommendation rests on requirements that no catalog fact at the date confirms."
                          }
                        },
                        {
                          "defaultConfiguration": {
                            "level": "error"
                          },
                          "help": {
                            "text": "The conflicts name every rule and requirement that blocked a platform (docs/decision.md)."
                          },
                          "id": "no-platform",
                          "shortDescription": {
                            "text": "No platform can run the service at the date."
                          }
                        },
                        {
                          "defaultConfiguration": {
                            "level": "note"
                          },
                          "help": {
                            "text": "Informational: state the defaulted fields, or choose between the two platforms on grounds the rules do not cover."
                          },
                          "id": "judgement-call",
                          "shortDescription": {
                            "text": "Nothing the profile states separates the recommendation from the runner-up: the tie-break order, the procedure's last step or default values decided."
                          }
                        },
                        {
                          "help": {
                            "text": "Source: talk 2018-08-03: ECS でのフィードバック"
                          },
                          "id": "no-instances-wanted",
                          "shortDescription": {
                            "text": "The team does not want to manage EC2 instances"
                          }
                        },
                        {
                          "help": {
                            "text": "Source: fargate.gpu: AWS Fargate docs [high]"
                          },
                          "id": "gpu-not-on-fargate",
                          "shortDescription": {
                            "text": "Fargate has no GPUs"
                          }
                        }
                      ],
                      "version": "0.1.0"
                    }
                  }
                }
              ],
              "version": "2.1.0"
            }
            """# + "\n")
    }

    func testJUnit() {
        expect(.junit, #"""
            <?xml version="1.0" encoding="UTF-8"?>
            <testsuites>
              <testsuite name="berth check inv &quot;a&amp;b&quot;&lt;x&gt;,y:z%.csv" package="inv &quot;a&amp;b&quot;&lt;x&gt;,y:z%.csv" id="0" timestamp="2026-11-26T09:30:00" hostname="ci-runner" tests="3" failures="1" errors="0" skipped="0" time="0">
                <properties>
                  <property name="pack" value="current"/>
                  <property name="as_of" value="2026-11-26"/>
                </properties>
                <testcase name="api" classname="inv &quot;a&amp;b&quot;&lt;x&gt;,y:z%.csv" time="0"/>
                <testcase name="gpu" classname="inv &quot;a&amp;b&quot;&lt;x&gt;,y:z%.csv" time="0">
                  <failure type="infeasible" message="fargate cannot run it [gpu-not-on-fargate]">inv "a&amp;b"&lt;x&gt;,y:z%.csv:3:1: infeasible: fargate cannot run it [gpu-not-on-fargate]</failure>
                </testcase>
                <testcase name="ok" classname="inv &quot;a&amp;b&quot;&lt;x&gt;,y:z%.csv" time="0"/>
                <system-out>inv "a&amp;b"&lt;x&gt;,y:z%.csv:2:1: misplaced: api: runs on ecs-ec2; &lt;b&gt;&amp;"q"' 100%&#13;
            next,line: �x
            inv "a&amp;b"&lt;x&gt;,y:z%.csv:3:1: judgement-call: gpu: ecs-ec2 and eks stand equal
            </system-out>
                <system-err></system-err>
              </testsuite>
            </testsuites>
            """# + "\n")
    }

    func testGitHub() {
        expect(.github, #"""
            ::warning file=inv "a&b"<x>%2Cy%3Az%25.csv,line=2,col=1,title=berth misplaced%3A api::api: runs on ecs-ec2; <b>&"q"' 100%25%0D%0Anext,line: \#u{1}x
            ::error file=inv "a&b"<x>%2Cy%3Az%25.csv,line=3,col=1,title=berth infeasible%3A gpu::gpu: fargate cannot run it [gpu-not-on-fargate]
            ::notice file=inv "a&b"<x>%2Cy%3Az%25.csv,line=3,col=1,title=berth judgement-call%3A gpu::gpu: ecs-ec2 and eks stand equal
            """# + "\n")
    }


    /// An XML parser reads back the hostile file name and message as they were (but for the
    /// control character XML cannot hold), so nothing was lost or injected.
    func testJUnitReadsBackTheUntrustedTextItWasGiven() throws {
        final class Reader: NSObject, XMLParserDelegate {
            var classnames: [String] = []
            var systemOut = ""
            var inSystemOut = false
            func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?, attributes: [String: String] = [:]) {
                if name == "testcase", let classname = attributes["classname"] { classnames.append(classname) }
                inSystemOut = name == "system-out"
            }
            func parser(_ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?) { inSystemOut = false }
            func parser(_ parser: XMLParser, foundCharacters string: String) { if inSystemOut { systemOut += string } }
        }
        let reader = Reader()
        let parser = XMLParser(data: Data(CheckFormat.junit.writer.render(Self.report).utf8))
        parser.delegate = reader
        XCTAssertTrue(parser.parse(), String(describing: parser.parserError))
        XCTAssertEqual(reader.classnames, [Self.file, Self.file, Self.file])
        XCTAssertTrue(reader.systemOut.contains("api: runs on ecs-ec2; <b>&\"q\"' 100%\r\nnext,line: \u{FFFD}x\n"), reader.systemOut)
    }
}
