import BerthCore
import Foundation
import XCTest

final class CalendarDateTests: XCTestCase {
    func testOnlyDatesThatExistAreValid() {
        for good in ["2018-08-03", "2020-02-29", "2000-02-29", "2021-04-30", "2021-12-31", "2021-01-01"] {
            XCTAssertTrue(CalendarDate.isValid(good), good)
        }
        for bad in ["2021-02-29", "1900-02-29", "2021-02-31", "2021-04-31", "2021-13-01", "2021-00-10", "2021-01-00",
                    "2021-1-01", "2021/01/01", "20210101", "", "2021-01-01x", "２０２１-01-01"] {
            XCTAssertFalse(CalendarDate.isValid(bad), bad)
        }
    }

    func testTodayIsTheUTCDate() {
        XCTAssertEqual(CalendarDate.today(now: Date(timeIntervalSince1970: 0)), "1970-01-01")
        XCTAssertEqual(CalendarDate.today(now: Date(timeIntervalSince1970: 86_399)), "1970-01-01")
        XCTAssertEqual(CalendarDate.today(now: Date(timeIntervalSince1970: 86_400)), "1970-01-02")
        // 2026-12-02T00:47:16Z, and the leap day of 2024.
        XCTAssertEqual(CalendarDate.today(now: Date(timeIntervalSince1970: 1_796_172_436)), "2026-12-02")
        XCTAssertEqual(CalendarDate.format(daysSinceEpoch: 19_782), "2024-02-29")
        XCTAssertEqual(CalendarDate.format(daysSinceEpoch: -1), "1969-12-31")
    }
}
