import Foundation
import SwitchboardModel

/// How much reading a phone key costs: the metadata's first use, then each number, for the
/// corpus's shapes (E.164 and national French numbers) and for libphonenumber's examples of every
/// region (the fixture of the phone tests).
enum PhoneKeyBenchmark {
    static func run(examples: String?) {
        let load = seconds { _ = PhoneMetadata.catalogue }
        print(String(format: "phone metadata: %d regions parsed and compiled in %.1f ms", PhoneMetadata.catalogue.regions.count, load * 1000))
        let e164 = (0..<100_000).map { String(format: "+3310%07d", $0) }
        let national = (0..<100_000).map { (index: Int) -> String in
            let pairs = [index / 1_000_000 % 100, index / 10_000 % 100, index / 100 % 100, index % 100]
            return "06 " + pairs.map { String(format: "%02d", $0) }.joined(separator: " ")
        }
        report("E.164 French numbers (the corpus)", e164, region: { _ in nil })
        report("national French numbers, region FR", national, region: { _ in "FR" })
        if let examples, let text = try? String(contentsOfFile: examples, encoding: .utf8) {
            let rows = text.split(separator: "\n").filter { !$0.hasPrefix("#") }.map { $0.split(separator: "\t").map(String.init) }
            report("libphonenumber's examples, every region and format", rows.map { $0[2] }, region: { rows[$0][0] })
        }
    }

    private static func report(_ label: String, _ inputs: [String], region: (Int) -> String?) {
        var accepted = 0
        var best = Double.infinity
        for _ in 0..<3 {
            accepted = 0
            let time = seconds {
                for (index, input) in inputs.enumerated() {
                    if case .success = PhoneNumber.parse(input, region: region(index)) { accepted += 1 }
                }
            }
            best = min(best, time)
        }
        print(String(format: "%@: %d numbers, %d valid: %.0f ns a number (best of 3, one core)", label, inputs.count, accepted, best / Double(inputs.count) * 1e9))
    }
}
