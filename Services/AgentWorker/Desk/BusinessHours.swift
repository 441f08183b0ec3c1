import Foundation

/// When a page's agents work: weekly opening intervals in the page's time zone.
///
/// ```json
/// {"time_zone": "Europe/Paris", "week": {"mon": ["09:00-12:30", "13:30-18:00"], "sat": ["10:00-14:00"]}}
/// ```
/// A day not named is closed. `"00:00-24:00"` is the whole day. Daylight-saving changes follow the
/// zone's rules (the local time is what counts).
public struct BusinessHours: Sendable, Equatable {
    /// The zone the intervals are in.
    public var timeZone: TimeZone
    /// Per weekday (1 = Sunday … 7 = Saturday, as `Calendar`), minutes since local midnight.
    public var intervals: [Int: [Range<Int>]]

    static let dayNames = ["sun": 1, "mon": 2, "tue": 3, "wed": 4, "thu": 5, "fri": 6, "sat": 7]

    /// Hours from their file form; throws a message naming the bad part.
    public init(timeZone identifier: String, week: [String: [String]]) throws(DeskFileError) {
        guard let zone = TimeZone(identifier: identifier) else {
            throw DeskFileError(
                "business_hours: unknown time_zone \"\(identifier)\" (use an IANA name like Europe/Paris)")
        }
        timeZone = zone
        intervals = [:]
        for (day, spans) in week {
            guard let weekday = Self.dayNames[day.lowercased()] else {
                throw DeskFileError("business_hours: unknown day \"\(day)\" (use mon, tue, wed, thu, fri, sat, sun)")
            }
            for span in spans {
                intervals[weekday, default: []].append(try Self.interval(span))
            }
        }
    }

    private static func interval(_ span: String) throws(DeskFileError) -> Range<Int> {
        let parts = span.split(separator: "-")
        guard parts.count == 2, let start = minutes(parts[0]), let end = minutes(parts[1]), start < end else {
            throw DeskFileError("business_hours: \"\(span)\" is not an interval like 09:00-17:30")
        }
        return start..<end
    }

    private static func minutes(_ text: Substring) -> Int? {
        let parts = text.split(separator: ":")
        guard parts.count == 2, parts[0].count == 2, parts[1].count == 2, let hour = Int(parts[0]),
            let minute = Int(parts[1]), (0...24).contains(hour), (0..<60).contains(minute), hour * 60 + minute <= 1440
        else { return nil }
        return hour * 60 + minute
    }

    /// Whether the desk is open at `moment` (ms since 1970).
    public func isOpen(at moment: Int64) -> Bool {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        let date = Date(timeIntervalSince1970: Double(moment) / 1000)
        let parts = calendar.dateComponents([.weekday, .hour, .minute], from: date)
        guard let weekday = parts.weekday, let hour = parts.hour, let minute = parts.minute else { return false }
        let now = hour * 60 + minute
        return intervals[weekday, default: []].contains { $0.contains(now) }
    }
}

/// A mistake in the desk file, said so that it can be fixed.
public struct DeskFileError: Error, CustomStringConvertible, Equatable, Sendable {
    public var description: String

    /// An error saying `description`.
    public init(_ description: String) { self.description = description }
}
