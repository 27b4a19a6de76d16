import BerthCore
import XCTest

final class ImageReferenceTests: XCTestCase {
    func testDockerReferencesAreAccepted() {
        let hex = String(repeating: "a1", count: 32)
        for image in ["nginx", "nginx:1.27", "library/nginx", "public.ecr.aws/docker/library/python:3.13-slim",
                      "123456789012.dkr.ecr.us-east-1.amazonaws.com/web-api:1.4.2", "localhost/app", "localhost:5000/a/b:tag",
                      "Registry.Example.com:443/team/app", "a__b/c-d---e.f", "repo@sha256:\(hex)", "repo:1.0@sha256:\(hex)",
                      "app:_under", "app:" + String(repeating: "t", count: 128)] {
            XCTAssertTrue(ImageReference.isValid(image), image)
        }
    }

    func testShellTextAndBadGrammarAreRefused() {
        for image in ["$(touch pwned)", "app;ls", "`id`", "app:1 && ls", "App", "team/App", "a..b", "a___b", "-app", "app-",
                      "", "/app", "app/", "a//b", "host:port/app", "app:", "app:-x", "app:" + String(repeating: "t", count: 129),
                      "repo@sha256:abc", "repo@:\(String(repeating: "a", count: 32))", "repo@1sha:\(String(repeating: "a", count: 32))",
                      "app\n", "app:1.0\"\nkind: Secret", String(repeating: "a", count: 256)] {
            XCTAssertFalse(ImageReference.isValid(image), image)
        }
        XCTAssertTrue(ImageReference.isValid(String(repeating: "a", count: 255)), "a name of 255 is the limit")
    }
}
