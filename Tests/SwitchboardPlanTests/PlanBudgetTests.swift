import Testing
import SwitchboardModel
@testable import SwitchboardPlan

/// Plans that fit where they are read (issue "Plans a reviewer can approve safely"): a pull-request
/// comment holds 65,536 characters, a terminal a few hundred lines.
struct PlanBudgetTests {
    /// A first plan of 10,000 tenants and 100,000 routes, with a default trunk (a risk).
    static let firstPlan: Plan = {
        var desired = DesiredState()
        for tenant in 1...10_000 {
            desired.tenants.append(Tenant(id: Int64(tenant), slug: "t\(tenant)", name: "Tenant \(tenant)",
                                          location: SourceLocation(file: "tenants.d/t\(tenant).yaml", line: 1, column: 10)))
            for route in 0..<10 {
                desired.routes.append(Route(key: RouteKey(channel: .vocal, key: "+331\(String(format: "%06d", tenant))\(route)0"),
                                            tenantID: Int64(tenant), location: SourceLocation(file: "tenants.d/t\(tenant).yaml", line: 3, column: 11)))
            }
        }
        desired.sipAccounts = [SIPAccount(label: "Trunk 01", trunkURI: "sip:a@p.example", isDefault: true,
                                          location: SourceLocation(file: "tenants.d/sip.yaml", line: 2, column: 5))]
        return Planner.plan(desired: desired, actual: ActualState(), secrets: ResolvedSecrets(), policy: PlanPolicy())
    }()

    static let header = PlanHeader(directory: "tenants.d", fileCount: 10_001, database: "postgres://app@db:5432/platform")

    @Test func aMarkdownPlanFitsAPullRequestCommentWhateverItsSize() {
        let plan = Self.firstPlan
        #expect(plan.count(of: .create) == 110_001)
        let comment = MarkdownPlanRenderer.render(plan, header: Self.header)
        let whole = MarkdownPlanRenderer.render(plan, header: Self.header, budget: nil)
        print("first plan of 100,000 routes as markdown: \(comment.utf8.count) bytes in the comment (\(comment.count) characters), \(whole.utf8.count) bytes whole")
        #expect(comment.utf8.count <= 60_000)
        #expect(comment.hasPrefix("### switchboard plan: 110001 to add, 0 to change, 0 to delete\n"))
        #expect(comment.contains("#### Risks: changes that move live traffic"))
        #expect(comment.contains("`defaultTrunkChange` warn"))
        #expect(comment.contains("more rows not shown here** (a comment holds 65,536 characters)"))
        // The rows it shows are complete lines, and the whole plan has them all.
        #expect(comment.split(separator: "\n").allSatisfy { !$0.hasPrefix("|") || $0.hasSuffix("|") })
        #expect(whole.split(separator: "\n").count { $0.hasPrefix("| + |") } == 110_001)
        #expect(!whole.contains("not shown here"))
    }

    @Test func aTextPlanCollapsesEachKindUnlessVerbose() {
        let plan = Self.firstPlan
        let text = TextPlanRenderer.render(plan, header: Self.header, verbose: false)
        let lines = text.split(separator: "\n")
        print("first plan of 100,000 routes as text: \(lines.count) lines collapsed")
        #expect(lines.count < 400)
        #expect(text.contains("  … and 9900 more tenant rows (--verbose shows them all, --out-text FILE writes them)"))
        #expect(text.contains("  … and 99900 more route rows (--verbose shows them all, --out-text FILE writes them)"))
        #expect(text.hasSuffix("Plan: 110001 to add, 0 to change, 0 to delete. SIP reload: yes.\n"))
        #expect(TextPlanRenderer.render(plan, header: Self.header, verbose: true).split(separator: "\n").count > 110_000)
    }
}
