import SwitchboardModel
import SwitchboardPlan

/// The steps of `Plan.order` as a driver writes them, each a list of pieces made when called.
/// While the database writes, the other core makes what comes next: from the start, the steps whose
/// values take long to make (each channel's settings are encrypted: 0.16 s for 40,000), whole, and
/// the ownership records' change; every other step is made in pieces of `pieceSize` changes just
/// before each is written, so that a million routes' values are not all held while the channels'
/// are made.
struct StoredSteps {
    private let plan: Plan
    private let values: RowValues
    private let pieceSize: Int
    private let ahead: [Int: BackgroundValue<StoredStep>]
    /// What the apply changes in the ownership records, recorded after the rows.
    let ownership: BackgroundValue<OwnershipChange>

    /// - Parameter storedKeys: the dialect's form of an ownership bucket's keys (`OwnershipChange.preparingStored`).
    init(_ plan: Plan, values: RowValues, pieceSize: Int, storedKeys: @escaping @Sendable ([String]) -> String) {
        (self.plan, self.values, self.pieceSize) = (plan, values, pieceSize)
        var ahead: [Int: BackgroundValue<StoredStep>] = [:]
        for (index, (kind, actions)) in Plan.order.enumerated() where plan.valuesAreCostly(kind) {
            ahead[index] = BackgroundValue { try plan.storedStep(kind, actions, values: values) }
        }
        self.ahead = ahead
        ownership = BackgroundValue { plan.ownershipChange.preparingStored(storedKeys) }
    }

    /// Step `index` of `Plan.order`, in pieces (at least one).
    func pieces(_ index: Int) -> [() throws -> StoredStep] {
        if let made = ahead[index] { return [made.value] }
        let (kind, actions) = Plan.order[index]
        return plan.storedPieces(kind, actions, values: values, size: pieceSize)
    }

    /// Waits for the work on the other core (an apply that fails does not leave it running), then
    /// lets the steps' values and the ownership change go on another core (10 ms of a first apply
    /// of 100,000 routes, between the last write and the commit).
    consuming func finish() {
        for step in ahead.values { step.finish() }
        ownership.finish()
        BackgroundRelease.drop(self)
    }
}
