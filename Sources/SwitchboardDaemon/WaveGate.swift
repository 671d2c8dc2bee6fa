import Foundation
import Synchronization
import SwitchboardModel

/// The daemon's waves (DESIGN §9): a target applies the files only once every target of an earlier
/// wave has applied those same files (by digest). A target of the same or a later wave never holds
/// it back, so a database that is down stops only the waves after it.
final class WaveGate: Sendable {
    private struct Lane {
        var wave: Int
        /// The digest of the files this target last applied (or found already applied).
        var applied: String?
        /// This replica leads the target: otherwise another replica orders it, and it is not waited for.
        var leads = false
    }

    private let lanes: Mutex<[String: Lane]>

    init(targets: [Target]) {
        lanes = Mutex(Dictionary(uniqueKeysWithValues: targets.map { ($0.name, Lane(wave: $0.wave)) }))
    }

    func noteApplied(_ target: String, digest: String?) { lanes.withLock { $0[target]?.applied = digest } }

    func noteLeadership(_ target: String, leads: Bool) { lanes.withLock { $0[target]?.leads = leads } }

    /// The targets of earlier waves that have not applied `digest` yet (empty: `target` may apply it).
    func waitingFor(_ target: String, digest: String?) -> [String] {
        lanes.withLock { lanes in
            guard let wave = lanes[target]?.wave else { return [] }
            return lanes.filter { $0.value.wave < wave && $0.value.leads && $0.value.applied != digest }.map(\.key).sorted()
        }
    }
}
