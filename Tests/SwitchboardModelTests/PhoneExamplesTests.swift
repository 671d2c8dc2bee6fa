import Foundation
import Testing
import SwitchboardModel

/// Phone keys against the reference (issue "Phone numbers the way the world dials them"): every
/// example number libphonenumber has, for every region and type, in six formats, read with its
/// region as the tenant's country, plus invalid variants; the expected key is libphonenumber's
/// own answer (scripts/generate-phone-examples.py).
struct PhoneExamplesTests {
    struct Example {
        var region: String
        var format: String
        var input: String
        /// nil: libphonenumber refuses it (cannot parse, or not a valid number).
        var expected: String?
    }

    static let examples: [Example] = {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures/phone-examples.tsv")
        let text = (try? String(contentsOf: url, encoding: .utf8)) ?? ""
        return text.split(separator: "\n").compactMap { line in
            guard !line.hasPrefix("#") else { return nil }
            let fields = line.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
            return Example(region: fields[0], format: fields[1], input: fields[2], expected: fields[3] == "INVALID" ? nil : fields[3])
        }
    }()

    static func answer(_ example: Example) -> String? {
        if case .success(let key) = PhoneNumber.normalise(example.input, region: example.region) { return key }
        return nil
    }

    @Test func agreesWithLibphonenumberOnItsOwnExamples() {
        #expect(Self.examples.count > 15_000)
        var agreed: [String: (Int, Int)] = [:], byFormat: [String: (Int, Int)] = [:]
        var disagreements: [String] = []
        var invalidAccepted: [String] = []
        for example in Self.examples {
            let answer = Self.answer(example)
            let ok = answer == example.expected
            agreed[example.region, default: (0, 0)].0 += ok ? 1 : 0
            agreed[example.region, default: (0, 0)].1 += 1
            byFormat[example.format, default: (0, 0)].0 += ok ? 1 : 0
            byFormat[example.format, default: (0, 0)].1 += 1
            if !ok { disagreements.append("\(example.region) \(example.format) '\(example.input)': expected \(example.expected ?? "refused"), got \(answer ?? "refused")") }
            if example.expected == nil, let answer { invalidAccepted.append("\(example.region) '\(example.input)' → \(answer)") }
        }
        let total = agreed.values.reduce(0) { $0 + $1.1 }, matching = agreed.values.reduce(0) { $0 + $1.0 }
        let share = Double(matching) / Double(total) * 100
        print("phone keys vs libphonenumber: \(matching) of \(total) agree (\(String(format: "%.2f", share))%) over \(agreed.count) regions")
        for (format, counts) in byFormat.sorted(by: { $0.key < $1.key }) {
            print("  \(format): \(counts.0)/\(counts.1) (\(String(format: "%.2f", Double(counts.0) / Double(counts.1) * 100))%)")
        }
        for line in disagreements.prefix(30) { print("  differs: \(line)") }
        #expect(share >= 99.5)
        for region in ["FR", "BE", "CH", "MA", "IT", "ES", "DE", "GB", "US"] {
            let counts = agreed[region] ?? (0, 1)
            print("  \(region): \(counts.0)/\(counts.1)")
            #expect(counts.0 == counts.1, "\(region): \(disagreements.filter { $0.hasPrefix(region + " ") })")
        }
        // Nothing libphonenumber says can never be dialled becomes a key.
        #expect(invalidAccepted.isEmpty, "\(invalidAccepted.prefix(20))")
    }
}

/// The committed table is exactly what the generator writes from libphonenumber's metadata (no hand
/// edit); .ci/run installs the pinned `phonenumbers` it was generated from.
struct PhoneMetadataTableTests {
    @Test func theTableIsTheGeneratorsOutput() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", root.appendingPathComponent("scripts/generate-phone-metadata.py").path, "--check"]
        let errors = Pipe()
        process.standardError = errors
        try process.run()
        process.waitUntilExit()
        let message = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        #expect(process.terminationStatus == 0, "\(message)")
    }

    @Test func everyRegionIsThere() {
        #expect(PhoneMetadata.catalogue.regions.count == 245)
        #expect(PhoneNumber.mainRegion(forCountryCode: "1") == "US")
        #expect(PhoneNumber.mainRegion(forCountryCode: "7") == "RU")
        #expect(PhoneNumber.mainRegion(forCountryCode: "800") == nil)
    }
}
